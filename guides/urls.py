from django.urls import path

from guides import views

app_name = "guides"

urlpatterns = [
    path("guides/", views.guide_list_view, name="guide-list"),
]
