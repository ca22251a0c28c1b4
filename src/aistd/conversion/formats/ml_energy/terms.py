"""The ML.ENERGY Leaderboard's data files: what each key means for aistd beyond its crosswalk row."""

from __future__ import annotations

from aistd.model.message import says

VOCABULARY = "ml-energy"
PREFIX = "mlenergy:"
ENERGY_KEYS = {
    "energy_per_request_joules": "request",
    "energy_per_token_joules": "token",
    "energy_per_image_joules": "image",
    "energy_per_video_joules": "other",
}
"""Each per-unit energy key with the functional unit it is normalised to (a video has no kind of its own)."""
PRIMARY_ENERGY = ("energy_per_request_joules", "energy_per_image_joules", "energy_per_video_joules")
"""The energy a configuration's footprint carries; energy_per_token_joules goes to a second footprint."""
OUTPUT_KEYS = ("image_height", "image_width", "video_height", "video_width", "num_frames", "fps", "inference_steps")
"""Keys that say what one output is: carried in words, in the functional unit's description."""
PARALLEL_KEYS = ("data_parallel", "expert_parallel", "tensor_parallel", "ring_degree", "ulysses_degree")
"""How a configuration splits the model over its GPUs (flat in task files, under parallelization in model files):
carried in words, in the footprint's description."""
SYSTEM_KEYS = ("nickname", "architecture", "weight_precision")
"""Keys that describe the model: carried in words, in the AI system's description."""
METHOD = (
    "ML.ENERGY Leaderboard: GPU energy measured with Zeus at steady state, the server running at its configured"
    " batch size (the leaderboard's methodology)"
)
NO_SLOT = {
    "activated_params_billions": says("the parameters active for one token; aistd counts a model's total parameters"),
    "avg_batch_size": says("the mean number of requests running together; aistd's batch_size is the configured one"),
    "median_itl_ms": says("the median inter-token latency; aistd's latency is the time from a request to its answer"),
    "p90_itl_ms": says(
        "the {percentile}th percentile inter-token latency; aistd has no inter-token latency slot", percentile=90
    ),
    "p95_itl_ms": says(
        "the {percentile}th percentile inter-token latency; aistd has no inter-token latency slot", percentile=95
    ),
    "p99_itl_ms": says(
        "the {percentile}th percentile inter-token latency; aistd has no inter-token latency slot", percentile=99
    ),
    "output_length_distribution": says("a histogram of output lengths; aistd keeps the mean (tokens_per_request)"),
    "architectures": says("the leaderboard's grouping of tasks by model architecture; aistd has no place for it"),
    "tasks": says("the leaderboard's list of tasks; aistd has no place for it"),
}
