"""Executes notebooks in a real Jupyter kernel (nbclient + ipykernel of this venv) and fails on
the first cell that raises (the notebooks assert their results).

    python run_notebooks.py --out DIR [--timeout SECONDS] NOTEBOOK.ipynb...

The kernel is this interpreter (a kernel spec written under DIR, so no user-level Jupyter setup is
used); it inherits this process's environment (DEEPLAKE_SPARK_JAR, DEEPLAKE_SAMPLE, JAVA_HOME)
and runs with the notebook's folder as its working directory. Executed notebooks, outputs included,
are written to DIR. Prints `NOTEBOOK <name> OK <cells> cells` per notebook and `ALL NOTEBOOKS OK
<n>` last; exits 1 if any notebook fails.
"""

import argparse
import json
import os
import sys
import time


def kernel_spec(out_dir):
    """A kernel spec for this interpreter under out_dir/jupyter (found first via JUPYTER_PATH)."""
    root = os.path.join(out_dir, "jupyter")
    spec_dir = os.path.join(root, "kernels", "deeplake4j-pyspark")
    os.makedirs(spec_dir, exist_ok=True)
    with open(os.path.join(spec_dir, "kernel.json"), "w", encoding="utf-8") as f:
        json.dump(
            {
                "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "Python 3 (deeplake4j PySpark)",
                "language": "python",
            },
            f,
        )
    os.environ["JUPYTER_PATH"] = root
    os.environ["JUPYTER_DATA_DIR"] = root
    os.environ["JUPYTER_RUNTIME_DIR"] = os.path.join(out_dir, "runtime")
    os.environ["JUPYTER_PLATFORM_DIRS"] = "1"
    os.environ["IPYTHONDIR"] = os.path.join(out_dir, "ipython")
    return "deeplake4j-pyspark"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--timeout", type=int, default=600, help="seconds per cell")
    ap.add_argument("notebooks", nargs="+")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    kernel = kernel_spec(os.path.abspath(args.out))

    import nbformat  # after JUPYTER_* are set
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    failed = 0
    for path in args.notebooks:
        name = os.path.basename(path)
        nb = nbformat.read(path, as_version=4)
        client = NotebookClient(
            nb,
            kernel_name=kernel,
            timeout=args.timeout,
            startup_timeout=120,
            resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}},
        )
        start = time.time()
        try:
            client.execute()
            code = sum(1 for c in nb.cells if c.cell_type == "code")
            print(f"NOTEBOOK {name} OK {code} cells in {time.time() - start:.0f} s", flush=True)
        except CellExecutionError as e:
            failed += 1
            print(f"NOTEBOOK {name} FAILED\n{e}", flush=True)
        except Exception as e:  # noqa: BLE001 - kernel died, timeout: report and go on
            failed += 1
            print(f"NOTEBOOK {name} FAILED ({type(e).__name__}): {e}", flush=True)
        finally:
            nbformat.write(nb, os.path.join(args.out, name))
    if failed:
        print(f"FAILED {failed} of {len(args.notebooks)} notebooks", flush=True)
        return 1
    print(f"ALL NOTEBOOKS OK {len(args.notebooks)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
