from django.urls import path

from orders import views, views_checkout

app_name = "orders"

urlpatterns = [
    path("cart/", views.cart_view, name="cart"),
    path("cart/add/", views.cart_add_view, name="cart-add"),
    path("cart/update/", views.cart_update_view, name="cart-update"),
    path("checkout/", views_checkout.checkout_view, name="checkout"),
    path("checkout/review/", views_checkout.checkout_review_view, name="checkout-review"),
    path("orders/link/", views.order_link_view, name="order-link"),
    path("orders/<str:number>/", views.order_detail_view, name="order-detail"),
    path("orders/<str:number>/pay/", views.order_pay_view, name="order-pay"),
    path("orders/<str:number>/feedback/", views.feedback_view, name="feedback"),
    path("payments/<slug:provider>/webhook/", views.payment_webhook_view, name="payment-webhook"),
]
