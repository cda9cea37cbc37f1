"""IPython's settings for every kernel of the class hub: `make hub-env` installs this file as
<environment>/etc/ipython/ipython_kernel_config.py, which IPython reads in that environment.

A kernel that starts after the memory limit stopped one of the user's kernels says so in words
at its first cell (memory_notice.py, installed beside as <environment>/etc/fbss-hub/).
"""
import os
import sys

c = get_config()  # noqa: F821 (provided by IPython)

NOTICE = os.path.join(sys.prefix, "etc", "fbss-hub", "memory_notice.py")
c.InteractiveShellApp.exec_lines = [
    f"__import__('runpy').run_path({NOTICE!r})['register'](get_ipython())"]
