# `python3 bench/wait4.py PROGRAM ARGS...`: runs the program with stdout on /dev/null and prints, on its own stdout,
# "WALL_MS CPU_MS EXIT": the wall time from fork to reaping, and the child's user + system CPU time from wait4(2) in
# microseconds (GNU time reports it in 10 ms steps, coarser than what a read command's start-up is made of).
import os
import sys
import time

start = time.monotonic()
pid = os.fork()
if pid == 0:
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    try:
        os.execvp(sys.argv[1], sys.argv[1:])
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
wall = (time.monotonic() - start) * 1000
cpu = (usage.ru_utime + usage.ru_stime) * 1000
print(f"{wall:.3f} {cpu:.3f} {os.waitstatus_to_exitcode(status)}")
