from django.shortcuts import render

from platform_ivz.core.workflow import StaleTransition, TransitionNotAllowed
from platform_ivz.site.werkvoorraad import sections_for


def home(request):
    return render(request, "platform_ivz/home.html", {"sections": sections_for(request.user)})


def error_403(request, exception=None):
    """A refused step says why when it can: the state moved on, often because of someone else."""
    context = {
        "refused_step": isinstance(exception, TransitionNotAllowed),
        "stale": isinstance(exception, StaleTransition),
        "current_url": _current_url(exception),
    }
    return render(request, "403.html", context, status=403)


def _current_url(exception) -> str:
    obj = getattr(exception, "obj", None)
    return obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else ""


def error_404(request, exception=None):
    return render(request, "404.html", status=404)
