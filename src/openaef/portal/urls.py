from . import urls_catalogue, urls_request

app_name = "portal"

urlpatterns = urls_catalogue.urlpatterns + urls_request.urlpatterns
