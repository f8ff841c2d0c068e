"""The `caire` command, run as a process the way a teacher runs it."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def caire(*args: str, env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "caire_exercises", *args], capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, **(env or {})})


def test_list_shows_the_catalogue_in_both_languages():
    english = caire("list", "--lang", "en")
    french = caire("list", "--lang", "fr")
    assert english.returncode == 0 and french.returncode == 0
    assert "numpy.zscore" in english.stdout and "Standardise the columns" in english.stdout
    assert "Centrer et réduire les colonnes" in french.stdout


def test_list_of_an_unknown_module_is_an_error():
    result = caire("list", "--module", "nope")
    assert result.returncode == 1 and "nope" in result.stderr


def test_show_gives_the_students_variant():
    alice = caire("show", "numpy.zscore", "--student", "alice@example.org", "--lang", "fr")
    bob = caire("show", "numpy.zscore", "--student", "bob@example.org", "--lang", "fr")
    assert alice.returncode == 0 and "Votre variante" in alice.stdout
    assert alice.stdout != bob.stdout


def test_show_an_unknown_id_suggests_and_exits_2():
    result = caire("show", "numpy.zscor")
    assert result.returncode == 2
    assert "numpy.zscore" in result.stderr and "Traceback" not in result.stderr


def test_usage_error_exits_2():
    assert caire("show").returncode == 2
    assert caire().returncode == 2


def test_doctor_reports_packages_and_isolation():
    result = caire("doctor")
    assert result.returncode == 0, result.stderr
    assert "numpy" in result.stdout and "exercises loaded" in result.stdout
    if sys.platform.startswith("linux") and "Landlock ABI" in result.stdout:
        # A test submission tried to read an exercise's own file (a reference) and was refused.
        assert "reading an exercise's own file was refused" in result.stdout


@pytest.mark.slow
def test_demo_walks_the_student_loop(tmp_path):
    result = caire("demo", "--lang", "en", "--out", str(tmp_path / "demo"), timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    out = result.stdout
    assert "This looks like a known mistake" in out
    assert "Hint 1/3" in out
    assert "Correct: 5 of 5 cases passed." in out


def test_list_has_a_header_module_headings_and_explains_its_columns():
    english = caire("list", "--lang", "en")
    lines = english.stdout.splitlines()
    assert lines[0].split() == ["ID", "LEVEL", "TIME", "V", "TITLE"]
    assert lines[1] == "# M0 — AI literacy and framing"
    assert "V: each student gets a variant of their own" in english.stdout
    # Catalogue order: the modules by their codes, M0 first.
    headings = [line for line in lines if line.startswith("# M")]
    assert [heading.split()[1] for heading in headings] == sorted(heading.split()[1] for heading in headings)
    french = caire("list", "--lang", "fr")
    assert french.stdout.splitlines()[0].split() == ["IDENTIFIANT", "NIVEAU", "DURÉE", "V", "TITRE"]
    assert "V\u202f: chaque étudiant a sa propre variante" in french.stdout


@pytest.mark.parametrize("name", ["M1", "m1", "numpy"])
def test_list_takes_a_module_by_code_or_name(name):
    result = caire("list", "--module", name, "--lang", "en")
    assert result.returncode == 0, result.stderr
    ids = [line.split()[0] for line in result.stdout.splitlines()[2:] if line.startswith("numpy.")]
    assert "numpy.zscore" in ids
    assert "literacy." not in result.stdout and "# M1 — NumPy foundations" in result.stdout


def test_unknown_module_lists_the_codes():
    result = caire("list", "--module", "M42", "--lang", "en")
    assert result.returncode == 1 and "M42" in result.stderr and "M1 (numpy)" in result.stderr


def test_data_list_has_a_header():
    result = caire("data", "list", "--lang", "en")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["NAME", "KIND", "LICENCE", "FORMS", "TITLE"]
    assert any(line.startswith("penguins ") for line in lines)
    assert "FORMS: what load(NAME, as_=...) gives" in result.stdout


@pytest.mark.parametrize("command", [["list"], ["data", "list"]])
def test_a_closed_pipe_is_no_error(command):
    # `caire list | head -1`: the reader goes away after the first line.
    process = subprocess.Popen([sys.executable, "-m", "caire_exercises", *command], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, env={**os.environ, "CAIRE_LANG": "en"})
    assert process.stdout.readline()
    process.stdout.close()
    stderr = process.stderr.read().decode()
    process.wait(timeout=120)
    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr, stderr


def test_no_colours_in_a_pipe_or_with_no_color():
    piped = caire("list", "--module", "M0")
    assert "\033[" not in piped.stdout
    forced = caire("list", "--module", "M0", env={"FORCE_COLOR": "1"})
    assert "\033[1mV\033[0m" in forced.stdout
    refused = caire("list", "--module", "M0", env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert "\033[" not in refused.stdout


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a pseudo-terminal as Linux makes it")
def test_colours_in_a_terminal_unless_no_color():
    import pty

    def in_a_terminal(extra: dict[str, str]) -> str:
        leader, follower = pty.openpty()
        env = {key: value for key, value in os.environ.items() if key not in ("NO_COLOR", "FORCE_COLOR")}
        env.update(TERM="xterm", **extra)
        process = subprocess.Popen([sys.executable, "-m", "caire_exercises", "data", "list"], stdout=follower,
                                   stderr=subprocess.DEVNULL, env=env)
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closed: the process is done
                break
            if not chunk:
                break
            chunks.append(chunk)
        process.wait(timeout=120)
        os.close(leader)
        return b"".join(chunks).decode()

    assert "\033[36mpenguins" in in_a_terminal({})
    assert "\033[" not in in_a_terminal({"NO_COLOR": "1"})


def test_notebook_takes_a_module_by_code(tmp_path):
    result = caire("notebook", "--module", "M1", "--lang", "en", "-o", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert [path.name for path in (tmp_path / "en").iterdir()] == ["numpy.ipynb"]
