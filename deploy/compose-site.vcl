# deploy/compose.yaml's part of the VCL (deploy/varnish/site.vcl is the template to copy):
# the two app servers of the compose network, and who may purge.
vcl 4.1;

probe healthz {
    .url = "/healthz";
    .interval = 5s;
    .timeout = 2s;
    .window = 5;
    .threshold = 3;
}

backend app1 {
    .host = "app1";
    .port = "8000";
    .probe = healthz;
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
}

backend app2 {
    .host = "app2";
    .port = "8000";
    .probe = healthz;
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
}

sub vcl_init {
    new app = directors.round_robin();
    app.add_backend(app1);
    app.add_backend(app2);
}

# The app servers purge (SAGA_EDGE_VARNISH_URLS): the compose network only.
acl purgers {
    "127.0.0.1";
    "172.28.0.0"/16;
}

# The site's languages (DJANGO_LANGUAGES): a page's language is its URL prefix.
sub saga_language {
    if (req.url ~ "^/(ja|en)(/|\?|$)") {
        set req.http.X-Saga-Lang = regsub(req.url, "^/([a-z]+).*$", "\1");
    }
}
