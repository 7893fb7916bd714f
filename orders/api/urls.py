from django.urls import path

from orders.api import views

urlpatterns = [
    path("orders/", views.OrderCreateApi.as_view(), name="api-order-create"),
    path("orders/<str:number>/", views.OrderDetailApi.as_view(), name="api-order-detail"),
]
