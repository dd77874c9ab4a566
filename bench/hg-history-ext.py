# An hg extension used by bench/generate.mjs only: it writes the bench repository's long history (thousands of small
# changesets) inside one hg process. One `hg commit` per changeset would pay Python's start-up thousands of times.
# Each step of the plan appends a line to some files of tip and commits that as the next changeset; the working
# copy is left alone (the generator runs `hg update` after).
import json

from mercurial import context, registrar

cmdtable = {}
command = registrar.command(cmdtable)


@command(b"bench-history", [], b"hg bench-history PLAN.json", norepo=False)
def bench_history(ui, repo, plan_path):
    with open(plan_path, "rb") as plan_file:
        steps = json.load(plan_file)
    with repo.wlock(), repo.lock(), repo.transaction(b"bench-history"):
        for step in steps:
            parent = repo[b"tip"]
            edits = {path.encode(): line.encode() for path, line in step["edits"]}

            def file_after(repo, memctx, path, parent=parent, edits=edits):
                return context.memfilectx(repo, memctx, path, parent[path].data() + edits[path])

            changeset = context.memctx(
                repo,
                (parent.node(), repo.nullid),
                step["message"].encode(),
                sorted(edits),
                file_after,
                user=step["user"].encode(),
                date=(step["date"], 0),
            )
            repo.commitctx(changeset)
