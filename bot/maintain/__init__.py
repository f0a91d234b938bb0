"""Tools for the people who keep ``knowledge/`` up to date (issue 6).

* ``matrix``    — the situations worth asking every region (reused by the benchmarks);
* ``diff``      — what residents would be told differently between two knowledge versions;
* ``sources``   — a knowledge folder, or a git revision of it, as a folder on disk;
* ``schema``    — the JSON Schema editors use to check the YAML as it is typed;
* ``cli``       — `knowledge diff` and `knowledge schema` on the command line.

What the running bot needs too (the staleness warnings, the reloadable holder,
``load_checked``) lives in ``bot.knowledge``.

Nothing here changes what the engine answers; it only runs it.
"""
