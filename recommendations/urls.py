from django.urls import path

from recommendations import views

app_name = "recommendations"

urlpatterns = [
    path("guides/", views.guide_list_view, name="guide-list"),
    path("symptom-check/", views.symptom_check_view, name="symptom-check"),
]
