from projects import services


def create_project_for_approved_request(sender, request, actor, **kwargs):
    services.create_project_from_request(request=request, actor=actor)
