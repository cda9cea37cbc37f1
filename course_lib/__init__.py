"""course_lib: the knowledge base, logic and widgets of the FBSS course."""
from .errors import ContentError
from .knowledge import KnowledgeBase, load_knowledge

__all__ = ["ContentError", "KnowledgeBase", "load_knowledge", "setup"]


def setup():
    """The notebooks' setup: a fixed figure style; returns the validated knowledge base."""
    import matplotlib as mpl

    mpl.rcParams.update({"figure.dpi": 100, "savefig.dpi": 100, "font.size": 10,
                         "svg.hashsalt": "fbss", "axes.spines.top": False,
                         "axes.spines.right": False})
    return load_knowledge()
