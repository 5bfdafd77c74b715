from . import urls_catalogue, urls_request, urls_rights

app_name = "portal"

urlpatterns = urls_catalogue.urlpatterns + urls_request.urlpatterns + urls_rights.urlpatterns
