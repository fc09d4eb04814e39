"""Conversation metrics on calls built from real speech clips placed at known times.

The clips in tests/data/metrics are real recordings resampled to 8 kHz and
trimmed tightly (see NOTICE.md), so a clip placed at ``t`` occupies exactly
``[t, t + len)`` and the true speech time, overtalk and dead air follow from
the placements. The detector must land within ``TOL_S`` of that truth.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from callqa.qa.errors import CallqaError
from callqa.qa.metrics import MetricsError, MetricsSettings, analyze_call, detect_speech
from callqa.qa.metrics.turns import build_turns, count_interruptions, dead_air_spans
from callqa.qa.records import Segment

DATA = Path(__file__).parent / "data" / "metrics"
SR = 8000
TOL_S = 0.3
NOISE_DBFS = -70.0  # line noise under every synthetic call

WEATHER = "weather_8k_trimmed.flac"  # "What's the weather like?"
BROOKLYN = "brooklyn_8k_trimmed.flac"  # "How old is the Brooklyn Bridge?"
LIBRIVOX = "librivox0890_8k_trimmed.flac"  # 14 words of Sense and Sensibility
WORDS = {
    WEATHER: "What's the weather like?",
    BROOKLYN: "How old is the Brooklyn Bridge?",
    LIBRIVOX: "unless to be rather cold hearted and rather selfish is to be ill disposed",
}

Placement = tuple[str, float]  # (clip file, start second)


@cache
def clip(name: str) -> np.ndarray:
    samples, rate = sf.read(DATA / name, dtype="float32")
    assert rate == SR and samples.ndim == 1
    return samples


def clip_s(name: str) -> float:
    return clip(name).size / SR


def spans(placements: list[Placement]) -> list[tuple[float, float]]:
    return [(start, start + clip_s(name)) for name, start in placements]


def channel(
    duration_s: float, placements: list[Placement], *, gain: float = 1.0, seed: int = 0
) -> np.ndarray:
    rng = np.random.default_rng(seed)
    noise_rms = 10 ** (NOISE_DBFS / 20)
    signal = (rng.standard_normal(round(duration_s * SR)) * noise_rms).astype(np.float32)
    for name, start in placements:
        first = round(start * SR)
        samples = clip(name) * gain
        signal[first : first + samples.size] += samples
    return signal


def truth_mask(all_spans: list[tuple[float, float]], duration_s: float) -> np.ndarray:
    """Ground truth on a 1 ms grid, independent of the detector's frame grid."""
    mask = np.zeros(round(duration_s * 1000), dtype=bool)
    for start, end in all_spans:
        mask[round(start * 1000) : round(end * 1000)] = True
    return mask


def seconds(mask: np.ndarray) -> float:
    return np.count_nonzero(mask) / 1000


# A 32 s stereo call. Agent: a long first turn with a pause inside, an answer
# the customer cuts into, a monologue with a customer backchannel, and one cut-in
# of its own. Customer: answers, interrupts, then talks over the agent's cut-in.
DURATION_S = 32.0
AGENT = [(LIBRIVOX, 1.0), (WEATHER, 6.5), (BROOKLYN, 10.0), (LIBRIVOX, 20.0), (WEATHER, 27.0)]
CUSTOMER = [(WEATHER, 8.0), (BROOKLYN, 11.0), (BROOKLYN, 14.0), (WEATHER, 22.0), (LIBRIVOX, 25.5)]


@pytest.fixture(scope="module")
def conversation():
    audio = np.stack(
        [
            channel(DURATION_S, AGENT, seed=1),
            channel(DURATION_S, CUSTOMER, gain=0.5, seed=2),  # the customer's line is 6 dB quieter
        ]
    )
    return audio, analyze_call(audio, SR)


def test_stereo_speech_overtalk_and_dead_air_match_the_placements(conversation):
    _, metrics = conversation
    agent = truth_mask(spans(AGENT), DURATION_S)
    customer = truth_mask(spans(CUSTOMER), DURATION_S)

    assert metrics.speakers["agent"].speech_s == pytest.approx(seconds(agent), abs=TOL_S)
    assert metrics.speakers["customer"].speech_s == pytest.approx(seconds(customer), abs=TOL_S)
    assert metrics.speech_s == pytest.approx(seconds(agent | customer), abs=TOL_S)
    assert metrics.overtalk_s == pytest.approx(seconds(agent & customer), abs=TOL_S)
    share = seconds(agent) / (seconds(agent) + seconds(customer))
    assert metrics.speakers["agent"].talk_share == pytest.approx(share, abs=0.02)

    # The only silence of 3 s or more runs from the customer's second Brooklyn
    # clip to the agent's monologue; the 1 s lead-in and the tail do not count.
    (dead,) = metrics.dead_air
    assert dead.start == pytest.approx(14.0 + clip_s(BROOKLYN), abs=TOL_S)
    assert dead.end == pytest.approx(20.0, abs=TOL_S)
    assert metrics.flags == ("long_dead_air",)


def test_stereo_turns_interruptions_and_latency(conversation):
    _, metrics = conversation
    agent, customer = metrics.speakers["agent"], metrics.speakers["customer"]
    # Agent turns: 1.0-7.57 (pause inside, nobody else spoke), 10.0-11.59, 20.0-24.91;
    # its cut-in at 27.0 ends inside the customer's turn, so it takes no floor.
    assert agent.turns == 3
    assert agent.longest_monologue_s == pytest.approx(6.5 + clip_s(WEATHER) - 1.0, abs=TOL_S)
    # Customer turns: 8.0-9.07, 11.0-15.59 (two clips, agent silent between), 25.5-30.41.
    assert customer.turns == 3
    assert customer.longest_monologue_s == pytest.approx(clip_s(LIBRIVOX), abs=TOL_S)
    # Customer starts at 11.0 and 22.0 while the agent talks; the agent at 27.0.
    assert dict(metrics.interruptions) == {"agent": 1, "customer": 2}
    # The customer's first turn ends at 8.0 + len(weather); the agent answers at 10.0.
    expected = 10.0 - (8.0 + clip_s(WEATHER))
    assert metrics.first_response_latency_s == pytest.approx(expected, abs=TOL_S)


def test_agent_channel_swaps_the_sides(conversation):
    audio, metrics = conversation
    swapped = analyze_call(audio, SR, agent_channel=1)
    assert swapped.speakers["agent"].speech_s == metrics.speakers["customer"].speech_s
    assert swapped.speakers["customer"].speech_s == metrics.speakers["agent"].speech_s
    assert dict(swapped.interruptions) == {"agent": 2, "customer": 1}


def test_to_dict_has_the_documented_json_shape(conversation):
    _, metrics = conversation
    data = json.loads(json.dumps(metrics.to_dict()))
    assert set(data) == {
        "duration_s",
        "channels",
        "sample_rate",
        "speech_s",
        "speakers",
        "dead_air",
        "overtalk_s",
        "interruptions",
        "first_response_latency_s",
        "quality",
        "flags",
    }
    assert set(data["speakers"]) == {"agent", "customer"}
    assert set(data["speakers"]["agent"]) == {
        "speech_s",
        "talk_share",
        "longest_monologue_s",
        "turns",
        "words_per_minute",
    }
    assert {"clipping_ratio", "low_level", "silent_channel"} <= set(data["quality"])
    assert data["dead_air"] == [
        {"start": round(metrics.dead_air[0].start, 3), "end": round(metrics.dead_air[0].end, 3)}
    ]
    assert (data["duration_s"], data["channels"], data["sample_rate"]) == (32.0, 2, SR)
    assert data["flags"] == ["long_dead_air"]
    assert data["speakers"]["agent"]["words_per_minute"] is None  # no transcript given
    for value in (data["speech_s"], data["overtalk_s"], data["speakers"]["agent"]["speech_s"]):
        assert round(value, 3) == value


def test_silent_customer_channel_is_flagged():
    placements = [(LIBRIVOX, 1.0), (BROOKLYN, 7.0)]
    audio = np.stack([channel(10.0, placements, seed=3), channel(10.0, [], seed=4)])
    metrics = analyze_call(audio, SR)
    assert metrics.quality.silent_channel
    assert [i for i, c in enumerate(metrics.quality.per_channel) if c.silent] == [1]
    assert metrics.speakers["customer"].speech_s < TOL_S
    assert metrics.speakers["agent"].speech_s == pytest.approx(
        clip_s(LIBRIVOX) + clip_s(BROOKLYN), abs=TOL_S
    )
    assert metrics.first_response_latency_s is None
    assert metrics.flags == ("talk_share_out_of_band", "silent_channel")


def test_clipping_is_measured_and_flagged():
    loud = np.clip(channel(10.0, [(LIBRIVOX, 1.0)], gain=8.0, seed=5), -1.0, 1.0)
    audio = np.stack([loud, channel(10.0, [(BROOKLYN, 7.0)], seed=6)])
    metrics = analyze_call(audio, SR)
    clipped = np.count_nonzero(np.abs(loud) >= 0.99) / loud.size
    assert clipped > 0.001
    assert metrics.quality.clipping_ratio == pytest.approx(clipped)
    assert "clipping" in metrics.flags
    assert "silent_channel" not in metrics.flags


def test_quiet_speech_is_low_level_not_silent():
    # Speech 23 dB down (median frame level near -50 dBFS) on a -90 dBFS line.
    agent = channel(12.0, [(LIBRIVOX, 1.0)], gain=10 ** (-3 / 20), seed=7) * 10 ** (-20 / 20)
    customer = channel(12.0, [(BROOKLYN, 8.0)], seed=8)
    metrics = analyze_call(np.stack([agent, customer]), SR)
    assert metrics.quality.low_level
    assert "low_level" in metrics.flags
    assert not metrics.quality.silent_channel
    assert metrics.speakers["agent"].speech_s == pytest.approx(clip_s(LIBRIVOX), abs=TOL_S)


# Mono mix: agent, customer, agent, customer, with pauses, no overlap.
MONO_AGENT = [(LIBRIVOX, 1.0), (BROOKLYN, 9.0)]
MONO_CUSTOMER = [(WEATHER, 7.0), (LIBRIVOX, 12.0)]
MONO_S = 20.0


def mono_call() -> np.ndarray:
    return channel(MONO_S, MONO_AGENT + MONO_CUSTOMER, seed=9)[np.newaxis, :]


def segments_for(placements: list[Placement], speaker: str) -> list[Segment]:
    # As a recogniser would give them: a little wider than the speech itself.
    return [
        Segment(
            start=start - 0.2, end=start + clip_s(name) + 0.2, text=WORDS[name], speaker=speaker
        )
        for name, start in placements
    ]


def test_mono_with_segments_attributes_speech_to_each_side():
    segments = segments_for(MONO_AGENT, "agent") + segments_for(MONO_CUSTOMER, "customer")
    metrics = analyze_call(mono_call(), SR, segments=segments)
    agent_s = sum(clip_s(name) for name, _ in MONO_AGENT)
    customer_s = sum(clip_s(name) for name, _ in MONO_CUSTOMER)
    agent, customer = metrics.speakers["agent"], metrics.speakers["customer"]
    assert agent.speech_s == pytest.approx(agent_s, abs=TOL_S)
    assert customer.speech_s == pytest.approx(customer_s, abs=TOL_S)
    assert (agent.turns, customer.turns) == (2, 2)
    assert agent.words_per_minute == pytest.approx((14 + 6) * 60 / agent_s, rel=0.05)
    assert customer.words_per_minute == pytest.approx((4 + 14) * 60 / customer_s, rel=0.05)
    assert metrics.first_response_latency_s == pytest.approx(9.0 - 7.0 - clip_s(WEATHER), abs=TOL_S)
    assert metrics.overtalk_s is None and dict(metrics.interruptions) == {}
    assert metrics.dead_air == ()


def test_mono_without_segments_gives_whole_call_figures_only():
    metrics = analyze_call(mono_call(), SR)
    truth = truth_mask(spans(MONO_AGENT + MONO_CUSTOMER), MONO_S)
    assert metrics.speech_s == pytest.approx(seconds(truth), abs=TOL_S)
    assert dict(metrics.speakers) == {}
    assert metrics.to_dict()["speakers"] == {}
    assert metrics.first_response_latency_s is None
    assert metrics.flags == ()


def test_same_mix_on_both_channels_is_analysed_as_mono():
    mix = mono_call()[0]
    segments = segments_for(MONO_AGENT, "agent") + segments_for(MONO_CUSTOMER, "customer")
    metrics = analyze_call(np.stack([mix, mix]), SR, segments=segments)
    assert metrics.quality.dual_mono and metrics.channels == 2
    assert metrics.overtalk_s is None and dict(metrics.interruptions) == {}
    agent_s = sum(clip_s(name) for name, _ in MONO_AGENT)
    assert metrics.speakers["agent"].speech_s == pytest.approx(agent_s, abs=TOL_S)
    assert dict(analyze_call(np.stack([mix, mix]), SR).speakers) == {}


def test_real_stereo_recording_has_speech_on_both_channels():
    samples, rate = sf.read(DATA / "stereo_two_speakers_8k.flac", dtype="float32", always_2d=True)
    metrics = analyze_call(samples.T, rate)
    agent, customer = metrics.speakers["agent"], metrics.speakers["customer"]
    # Left talks for most of the 5 s; right says one sentence early on, over the left.
    assert 3.0 < agent.speech_s < 5.0
    assert 1.5 < customer.speech_s < 3.5
    assert metrics.overtalk_s is not None and metrics.overtalk_s > 1.0
    assert not metrics.quality.silent_channel and not metrics.quality.dual_mono
    assert "silent_channel" not in metrics.flags and "clipping" not in metrics.flags
    assert metrics.dead_air == ()


def test_detect_speech_on_a_single_clip_matches_its_length():
    activity = detect_speech(channel(8.0, [(BROOKLYN, 2.0)], seed=10), SR)
    assert activity.speech_s == pytest.approx(clip_s(BROOKLYN), abs=0.15)
    assert activity.noise_floor_dbfs == pytest.approx(NOISE_DBFS, abs=3.0)


def test_turn_rules_on_hand_made_masks():
    hop_s = 0.1
    agent = np.zeros(100, dtype=bool)
    customer = np.zeros(100, dtype=bool)
    agent[0:40] = True  # agent talks 0-4 s
    customer[10:15] = True  # backchannel inside: interruption, no turn
    customer[35:60] = True  # cuts in at 3.5 s and keeps the floor
    agent[80:90] = True  # agent again after 2 s of silence
    turns = build_turns({"agent": agent, "customer": customer}, hop_s)
    assert [(t.speaker, round(t.start, 1), round(t.end, 1)) for t in turns] == [
        ("agent", 0.0, 4.0),
        ("customer", 3.5, 6.0),
        ("agent", 8.0, 9.0),
    ]
    assert count_interruptions(customer, agent, hop_s, 0.3) == 2
    assert count_interruptions(agent, customer, hop_s, 0.3) == 0
    assert count_interruptions(customer, agent, hop_s, 0.6) == 0  # 0.5 s overlaps only
    assert dead_air_spans(agent | customer, hop_s, 2.0) == [
        (pytest.approx(6.0), pytest.approx(8.0))
    ]
    assert dead_air_spans(agent | customer, hop_s, 2.1) == []  # edges never count


@pytest.mark.parametrize(
    "bad",
    [
        {"hop_s": 0.0},
        {"hop_s": 0.05, "frame_s": 0.02},
        {"talk_share_band": (0.7, 0.3)},
        {"clip_level": 1.5},
        {"noise_percentile": 99.5},
        {"dead_air_min_s": -1.0},
    ],
)
def test_settings_refuse_bad_values(bad):
    with pytest.raises(ValueError):
        MetricsSettings(**bad)


@pytest.mark.parametrize(
    ("audio", "rate", "kwargs"),
    [
        (np.zeros((3, 800), dtype=np.float32), SR, {}),
        (np.zeros((2, 0), dtype=np.float32), SR, {}),
        (np.full((1, 800), np.nan, dtype=np.float32), SR, {}),
        (np.zeros((1, 800), dtype=np.int16), SR, {}),
        (np.zeros((2, 800), dtype=np.float32), 0, {}),
        (np.zeros((2, 800), dtype=np.float32), SR, {"agent_channel": 2}),
    ],
)
def test_unusable_input_raises_metrics_error(audio, rate, kwargs):
    with pytest.raises(MetricsError) as caught:
        analyze_call(audio, rate, **kwargs)
    assert isinstance(caught.value, CallqaError)
