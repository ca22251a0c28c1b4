"""Validate or convert many documents at once, on one machine or a Dask cluster, with findings as Parquet.

`aistd batch validate|convert` reads a folder, a glob or a Parquet dataset (one document per row) in
partitions, checks each partition on a worker (a local process or a Dask worker), and writes one Parquet
file per partition. Nothing here is imported by `import aistd` or `aistd validate`: pyarrow and dask
load only when a batch runs (the `batch` extra).
"""
