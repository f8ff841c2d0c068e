"""A throwaway virtual environment that sees the packages of the interpreter running the tests.

``venv.create(..., system_site_packages=True)`` gives the new environment the
*base* interpreter's site-packages. When the tests themselves run in a virtual
environment (as README tells a newcomer to make), the dependencies live in that
outer environment instead, and the nested one would miss them (hatchling,
scikit-learn...). A ``.pth`` file in the nested environment adds the outer
site-packages after its own, so what is installed in the nested environment
still comes first, then the outer environment, then the base interpreter. When
the tests run in the system Python, the outer site-packages are the base ones
and the ``.pth`` file changes nothing.
"""

from __future__ import annotations

import site
import subprocess
import venv
from pathlib import Path


def outer_site_packages() -> list[str]:
    """Where the tests find caire-exercises, then the site-packages folders of the interpreter running them.

    The library under test comes first: the tests may import it from a source tree
    (``PYTHONPATH=src``) rather than from an installed copy, and the nested
    environment must see that same library, not another one installed beside it.
    """
    import caire_exercises

    folders = [str(Path(caire_exercises.__file__).resolve().parents[1]), *site.getsitepackages()]
    if site.ENABLE_USER_SITE and site.getusersitepackages():
        folders.append(site.getusersitepackages())
    return [folder for folder in dict.fromkeys(folders) if Path(folder).is_dir()]


def nested_venv(folder: Path) -> Path:
    """Create a virtual environment in ``folder`` that sees this interpreter's packages; return its python."""
    venv.create(folder, system_site_packages=True, with_pip=True)
    python = folder / "bin" / "python"
    own = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                         check=True, capture_output=True, text=True).stdout.strip()
    # site.addsitedir also reads the outer folders' own .pth files (editable installs, for one).
    lines = [f"import site; site.addsitedir({folder_!r})" for folder_ in outer_site_packages()]
    (Path(own) / "_outer_environment.pth").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return python

