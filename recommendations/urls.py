from django.urls import path

from recommendations import views

app_name = "recommendations"

urlpatterns = [
    path("guides/", views.guide_list_view, name="guide-list"),
    path("guides/<slug:slug>/", views.guide_detail_view, name="guide-detail"),
    path("symptom-check/", views.symptom_check_view, name="symptom-check"),
    path("symptom-check/results/", views.symptom_check_results_view, name="symptom-check-results"),
]
