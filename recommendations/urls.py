from django.urls import path

from recommendations import views

app_name = "recommendations"

urlpatterns = [
    path("symptom-check/", views.symptom_check_view, name="symptom-check"),
    path("symptom-check/results/", views.symptom_check_results_view, name="symptom-check-results"),
]
