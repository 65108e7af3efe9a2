from django.urls import path

from . import views

urlpatterns = [
    path("buddies/", views.buddies, name="buddies"),
    path("buddies/ask/", views.ask, name="buddy_ask"),
    path("buddies/volunteer/", views.volunteer, name="buddy_volunteer"),
    path("buddies/volunteer/stop/", views.stop, name="buddy_stop"),
    path("buddies/newcomers/", views.my_newcomers, name="my_newcomers"),
    path("buddies/requests/<id:pk>/withdraw/", views.withdraw, name="buddy_withdraw"),
    path("buddies/pairs/<id:pk>/answer/", views.answer, name="buddy_answer"),
    path("buddies/pairs/<id:pk>/messages/", views.send_message, name="buddy_message"),
]
