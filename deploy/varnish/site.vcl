# This machine's part of deploy/varnish/default.vcl: copy it next to default.vcl (on
# varnishd's vcl_path, /etc/varnish by default) and adjust the backends, the purgers and
# the languages. deploy/compose-site.vcl is the same for the compose layout.
vcl 4.1;

probe healthz {
    .url = "/healthz";
    .interval = 5s;
    .timeout = 2s;
    .window = 5;
    .threshold = 3;
}

# Each app server (gunicorn, deploy/gunicorn.conf.py).
backend app1 {
    .host = "127.0.0.1";
    .port = "8000";
    .probe = healthz;
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
}

sub vcl_init {
    new app = directors.round_robin();
    app.add_backend(app1);
}

# Who may PURGE and BAN: the app servers (SAGA_EDGE_VARNISH_URLS names this Varnish).
acl purgers {
    "127.0.0.1";
    "::1";
}

# The site's languages (DJANGO_LANGUAGES): a page's language is its URL prefix.
sub saga_language {
    if (req.url ~ "^/(ja|en)(/|\?|$)") {
        set req.http.X-Saga-Lang = regsub(req.url, "^/([a-z]+).*$", "\1");
    }
}
