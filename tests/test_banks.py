"""Content banks: shipped ones load; broken ones are named, never a traceback."""

from __future__ import annotations

import shutil
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from smp_tui.banks import BankError, load_banks, shipped_folder


def test_shipped_banks_are_complete(banks):
    cynefin, change = banks.cynefin, banks.change
    assert [d.id for d in cynefin.domains] == ["simple", "complicated", "complex", "chaotic"]
    assert cynefin.domain("simple").also_called == "Clear"
    assert [d.approach for d in cynefin.domains] == [
        "Sense – categorise – respond", "Sense – analyse – respond",
        "Probe – sense – respond", "Act – sense – respond",
    ]
    assert cynefin.disorder.also_called == "Confused"
    assert all(d.characteristics and d.leader_job and d.danger_signals and d.responses for d in cynefin.domains)
    assert [m.id for m in change.modes] == ["evolution", "planned", "revolution"]
    assert all(len(m.benefits) == 5 and len(m.challenges) == 5 for m in change.modes)
    assert (len(change.conditions), len(change.resistance), len(change.pitfalls)) == (7, 12, 6)
    assert [s.id for s in change.lewin] == ["unfreeze", "change", "refreeze"]
    assert {k.id for k in change.kinds} == {"goals", "technology", "membership", "demand"}
    assert len(change.driver_families) == 2
    for bank in (cynefin, change):
        assert bank.meta.source.strip()


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "banks"
    shutil.copytree(shipped_folder(), target)
    return target


BREAKAGES = {
    "missing column": ("cynefin.toml", "danger_signals = [", "signals_of_danger = [", "danger_signals"),
    "unknown domain in a weight": ("cynefin.toml", "weights = { simple = 3 }", "weights = { simpel = 3 }", "simpel"),
    "duplicate id": ("change.toml", 'id = "fear_of_failure"', 'id = "overloaded"', "duplicate id 'overloaded'"),
    "empty list": ("cynefin.toml", "advice = [", "advice = [] \nold_advice = [", "advice"),
    "not TOML": ("change.toml", "[meta]", "[meta", "not valid TOML"),
}


@pytest.mark.parametrize("case", sorted(BREAKAGES))
def test_malformed_bank_names_file_key_and_problem(tmp_path, case):
    name, old, new, words = BREAKAGES[case]
    folder = _copy(tmp_path)
    path = folder / name
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(BankError) as caught:
        load_banks(folder)
    assert str(path) in str(caught.value) and words in str(caught.value)
    # `smp` opens the app, which needs a terminal: give it one (script(1) makes a pty).
    command = shlex.join([sys.executable, "-m", "smp_tui", "--db", str(tmp_path / "store"), "--banks", str(folder)])
    result = subprocess.run(["script", "-qec", command, "/dev/null"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    shown = " ".join(result.stdout.split())  # the terminal may fold a long path
    assert str(path) in shown.replace(" ", "") or str(path) in result.stdout
    assert words in shown and "Traceback" not in result.stdout


def test_own_banks_change_what_smp_says(tmp_path):
    folder = _copy(tmp_path)
    path = folder / "cynefin.toml"
    path.write_text(path.read_text().replace('name = "Chaotic"', 'name = "Crisis"'))
    assert load_banks(folder).cynefin.domain("chaotic").name == "Crisis"


def test_missing_bank_file_is_named(tmp_path):
    folder = _copy(tmp_path)
    (folder / "change.toml").unlink()
    with pytest.raises(BankError, match="change.toml: bank file is missing"):
        load_banks(folder)
