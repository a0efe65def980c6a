from django.shortcuts import render

from platform_ivz.werkvoorraad import sections_for


def home(request):
    return render(request, "platform_ivz/home.html", {"sections": sections_for(request.user)})


def error_403(request, exception=None):
    return render(request, "403.html", status=403)


def error_404(request, exception=None):
    return render(request, "404.html", status=404)
