"""SamplingParams / LoadParams: every bound enforced with a sentence that names the setting."""

from __future__ import annotations

import dataclasses
import math

import pytest

from app.engine.errors import InvalidParameterError
from app.engine.params import LoadParams, SamplingParams, bounded_fields

PARAM_CLASSES = (SamplingParams, LoadParams)


def _cases():
    """(class, field, bound, is_int) for every bounded field of both params classes."""
    for cls in PARAM_CLASSES:
        for f, bound in bounded_fields(cls):
            is_int = isinstance(f.default, int) and not isinstance(f.default, bool)
            yield pytest.param(cls, f, bound, is_int, id=f"{cls.__name__}.{f.name}")


def _make(cls, **changes):
    return cls(**changes)


def test_defaults_are_valid_and_within_bounds():
    for cls in PARAM_CLASSES:
        obj = cls()
        fields = list(bounded_fields(cls))
        assert fields, cls
        for f, bound in fields:
            value = getattr(obj, f.name)
            assert bound.minimum <= value <= bound.maximum, (cls.__name__, f.name, value)
            assert bound.label and bound.help, f.name


def test_every_numeric_setting_has_a_bound():
    """Nothing numeric escapes validation: each int/float field carries Bound metadata."""
    for cls in PARAM_CLASSES:
        bounded = {f.name for f, _ in bounded_fields(cls)}
        for f in dataclasses.fields(cls):
            if isinstance(f.default, (int, float)) and not isinstance(f.default, bool):
                assert f.name in bounded, f"{cls.__name__}.{f.name} has no Bound"


@pytest.mark.parametrize("cls,f,bound,is_int", list(_cases()))
def test_limits_are_accepted(cls, f, bound, is_int):
    for value in (bound.minimum, bound.maximum):
        value = int(value) if is_int else float(value)
        obj = _make(cls, **{f.name: value})
        assert getattr(obj, f.name) == value


@pytest.mark.parametrize("cls,f,bound,is_int", list(_cases()))
def test_out_of_range_is_rejected_with_label(cls, f, bound, is_int):
    step = 1 if is_int else max(bound.step, 0.01)
    for value in (bound.minimum - step, bound.maximum + step, bound.maximum * 1000 + 7,
                  10**40, -(10**40)):
        value = int(value) if is_int else float(value)
        with pytest.raises(InvalidParameterError) as err:
            _make(cls, **{f.name: value})
        msg = str(err.value)
        assert bound.label in msg
        assert "between" in msg and "out of range" in msg
        assert msg.endswith(".")


@pytest.mark.parametrize("cls,f,bound,is_int", list(_cases()))
def test_non_finite_is_rejected_with_label(cls, f, bound, is_int):
    for value in (math.nan, math.inf, -math.inf):
        with pytest.raises(InvalidParameterError) as err:
            _make(cls, **{f.name: value})
        assert bound.label in str(err.value)


@pytest.mark.parametrize("cls,f,bound,is_int", list(_cases()))
def test_wrong_types_are_rejected_with_label(cls, f, bound, is_int):
    for value in (True, False, "1", None, [1], {"v": 1}, b"1", 1j):
        with pytest.raises(InvalidParameterError) as err:
            _make(cls, **{f.name: value})
        assert bound.label in str(err.value)
        assert "must be a number" in str(err.value)


@pytest.mark.parametrize("cls,f,bound,is_int", [c for c in _cases() if c.values[3]])
def test_int_fields_reject_fractions_and_normalise_whole_floats(cls, f, bound, is_int):
    inside = bound.minimum + 1 if bound.minimum + 1 <= bound.maximum else bound.minimum
    with pytest.raises(InvalidParameterError) as err:
        _make(cls, **{f.name: inside + 0.5})
    assert bound.label in str(err.value)
    assert "whole number" in str(err.value)
    # 40.0 from JSON is accepted and stored as a real int: llama.cpp's ctypes int args reject floats.
    obj = _make(cls, **{f.name: float(inside)})
    value = getattr(obj, f.name)
    assert value == inside and type(value) is int


@pytest.mark.parametrize("cls,f,bound,is_int", [c for c in _cases() if not c.values[3]])
def test_float_fields_store_floats(cls, f, bound, is_int):
    obj = _make(cls, **{f.name: int(bound.maximum)})
    assert type(getattr(obj, f.name)) is float


def test_out_of_range_message_does_not_round_into_the_limit():
    with pytest.raises(InvalidParameterError) as err:
        SamplingParams(temperature=2.004)
    assert "2.004" in str(err.value)


def test_invalid_parameter_error_is_a_value_error():
    with pytest.raises(ValueError):
        SamplingParams(top_p=1.5)


def test_replace_revalidates():
    params = SamplingParams()
    assert params.replace(temperature=1.5).temperature == 1.5
    with pytest.raises(InvalidParameterError, match="Temperature"):
        params.replace(temperature=5)
    with pytest.raises(InvalidParameterError, match="Context length"):
        LoadParams().replace(n_ctx=-1)


def test_load_params_model_path_must_be_text():
    assert LoadParams(model_path="/x/y.gguf").model_path == "/x/y.gguf"
    with pytest.raises(InvalidParameterError, match="model path"):
        LoadParams(model_path=None)  # type: ignore[arg-type]


# -- stop strings ----------------------------------------------------------------------------


def test_stop_strings_accept_list_or_tuple_and_store_tuple():
    assert SamplingParams(stop=["a", "</s>"]).stop == ("a", "</s>")
    assert SamplingParams(stop=("x",)).stop == ("x",)
    assert SamplingParams().stop == ()


@pytest.mark.parametrize("bad", ["abc", None, 5, ["ok", 3], [None], [b"x"], {"a"}])
def test_stop_strings_must_be_a_list_of_texts(bad):
    with pytest.raises(InvalidParameterError) as err:
        SamplingParams(stop=bad)
    assert "Stop strings" in str(err.value)


def test_empty_stop_string_is_rejected():
    with pytest.raises(InvalidParameterError, match="empty"):
        SamplingParams(stop=["ok", ""])


# -- dict round trip ---------------------------------------------------------------------------


def test_sampling_round_trip():
    params = SamplingParams(temperature=0.3, top_p=0.8, top_k=7, min_p=0.1, repeat_penalty=1.3,
                            repeat_last_n=128, presence_penalty=-0.5, frequency_penalty=0.25,
                            max_tokens=99, seed=42, stop=["END", "\n\n"])
    data = params.to_dict()
    assert data["stop"] == ["END", "\n\n"]  # JSON-friendly list
    assert SamplingParams.from_dict(data) == params


def test_load_round_trip():
    params = LoadParams(model_path="/m/a.gguf", n_ctx=2048, n_gpu_layers=0, n_threads=3, n_batch=256)
    assert LoadParams.from_dict(params.to_dict()) == params


def test_round_trip_through_json_normalises_types():
    import json

    data = json.loads(json.dumps(SamplingParams(top_k=7, max_tokens=64).to_dict()))
    data["top_k"] = 7.0  # a float that some JSON writers produce
    params = SamplingParams.from_dict(data)
    assert params.top_k == 7 and type(params.top_k) is int


def test_from_dict_ignores_unknown_keys_and_fills_defaults():
    params = SamplingParams.from_dict({"temperature": 0.2, "mirostat": 2, "typical_p": 0.5})
    assert params == SamplingParams(temperature=0.2)
    assert SamplingParams.from_dict(None) == SamplingParams()
    assert SamplingParams.from_dict({}) == SamplingParams()
    assert LoadParams.from_dict({"n_ctx": 1024, "use_mlock": True}) == LoadParams(n_ctx=1024)
    assert LoadParams.from_dict(None) == LoadParams()


def test_from_dict_still_validates_known_keys():
    with pytest.raises(InvalidParameterError, match="Top P"):
        SamplingParams.from_dict({"top_p": 3, "unknown": 1})
    with pytest.raises(InvalidParameterError, match="Batch size"):
        LoadParams.from_dict({"n_batch": 1})


def test_params_are_immutable():
    params = SamplingParams()
    with pytest.raises(dataclasses.FrozenInstanceError):
        params.temperature = 1.0  # type: ignore[misc]
