from django.urls import path

from . import views_for_you, views_journeys

urlpatterns = [
    path("me/for-you/", views_for_you.for_you, name="for_you"),
    path("me/how-to-get-there/", views_journeys.journey, name="journey"),
    path("me/how-to-get-there/tell-us/", views_journeys.tell_us, name="journey_tell_us"),
]
