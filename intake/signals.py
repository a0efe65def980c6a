from django.dispatch import Signal

# Sent inside the approving transaction with `request` and `actor`: the projects app
# creates the projectopdracht (intake cannot import projects; data flows the other way).
request_approved = Signal()
