# saga_cms's edge cache: Varnish 7 (Debian 12's varnish 7.1 with varnish-modules' xkey).
#
# What it keeps: answers the app marks shareable (Cache-Control public with s-maxage, set by
# core/edge_cache.py), per URL, host, language and encoding. What it drops: every answer
# naming a key of a change, when the app sends `PURGE /` with `xkey-purge: <keys>`
# (SAGA_EDGE_PURGER=varnish-xkey) or `BAN /` with `X-Ban-Keys: <keys>` (varnish-ban). Who
# is never served from it: signed-in staff (the session cookie), API clients with a token,
# and the admin. Anonymous readers' cookies are dropped: the public site uses none.
#
# The machine's own part (backends, who may purge, the site's languages) is site.vcl,
# found on vcl_path (/etc/varnish by default): copy deploy/varnish/site.vcl and adjust it.
# Start: varnishd -a :80 -f /etc/varnish/default.vcl -s malloc,1G
vcl 4.1;

import directors;
import std;
import xkey;

# Defines: the backends and a director named `app`, `acl purgers`, `sub saga_language`.
include "site.vcl";

sub vcl_recv {
    set req.backend_hint = app.backend();
    unset req.http.X-Saga-Lang;

    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (req.http.xkey-purge) {
            set req.http.X-Purged = xkey.purge(req.http.xkey-purge);
            return (synth(200, "Purged " + req.http.X-Purged));
        }
        return (purge);
    }
    if (req.method == "BAN") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        # Keys become a regular expression: letters, digits, - and _ only.
        if (req.http.X-Ban-Keys !~ "^[A-Za-z0-9_-]+( [A-Za-z0-9_-]+)*$") {
            return (synth(400, "X-Ban-Keys: space separated keys of letters, digits, - and _"));
        }
        # (A ban's argument ends at a space and is not unquoted: no space, no quotes.)
        if (std.ban("obj.http.xkey ~ (^|[[:space:]])("
                + regsuball(req.http.X-Ban-Keys, " ", "|") + ")([[:space:]]|$)")) {
            return (synth(200, "Banned"));
        }
        return (synth(400, std.ban_error()));
    }

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Probes ask each app server, the admin is per person, API tokens name a person.
    if (req.url ~ "^/(healthz|readyz)(\?|$)" || req.url ~ "^/admin(/|\?|$)"
        || req.http.Authorization) {
        return (pass);
    }
    # Signed-in staff see previews and unpublished work: never from the cache, never into it.
    if (req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);
    }
    unset req.http.Cookie;

    # The language the answer is in: a page's URL prefix (saga_language, site.vcl), else the
    # first language the reader accepts. The app is told only that one, so the hash and
    # the answer agree.
    call saga_language;
    if (!req.http.X-Saga-Lang && req.http.Accept-Language) {
        set req.http.X-Saga-Lang = std.tolower(
            regsub(req.http.Accept-Language, "^\s*([A-Za-z]{1,8}).*$", "\1"));
    }
    if (req.http.X-Saga-Lang ~ "^[a-z]{1,8}$") {
        set req.http.Accept-Language = req.http.X-Saga-Lang;
    } else {
        unset req.http.X-Saga-Lang;
        unset req.http.Accept-Language;
    }

    # The encoding: gzip or none (the app gzips shared answers; Varnish unzips when needed).
    if (req.http.Accept-Encoding ~ "gzip") {
        set req.http.Accept-Encoding = "gzip";
    } else {
        unset req.http.Accept-Encoding;
    }
    return (hash);
}

sub vcl_hash {
    hash_data(req.url);
    if (req.http.host) {
        hash_data(req.http.host);
    } else {
        hash_data(server.ip);
    }
    hash_data("lang:" + req.http.X-Saga-Lang);
    hash_data("encoding:" + req.http.Accept-Encoding);
    return (lookup);
}

sub vcl_backend_response {
    # Kept only when the app says so: public, and no cookie set. Everything else is fetched
    # for each request (and such requests are not queued behind each other).
    if (beresp.http.Set-Cookie || !beresp.http.Cache-Control
        || beresp.http.Cache-Control ~ "(?i)(private|no-store|no-cache)") {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # An answer without keys cannot be purged: kept at most a minute (static files, whose
    # names change with their content, as long as they say).
    if (!beresp.http.xkey && beresp.ttl > 60s && bereq.url !~ "^/static/") {
        set beresp.ttl = 60s;
    }
    # beresp.grace comes from stale-while-revalidate: an expired answer is served that long
    # while a fresh one is fetched in the background. A purge removes it at once, grace and all.
    # Kept a while longer so that the refetch can be a conditional request (ETag, 304).
    set beresp.keep = 10m;
    return (deliver);
}

sub vcl_deliver {
    if (obj.uncacheable) {
        set resp.http.X-Cache = "pass";
    } elsif (obj.hits > 0) {
        set resp.http.X-Cache = "hit";
    } else {
        set resp.http.X-Cache = "miss";
    }
    # The keys are for caches, not readers.
    unset resp.http.xkey;
    unset resp.http.Cache-Tag;
    unset resp.http.Surrogate-Key;
    return (deliver);
}

sub vcl_synth {
    set resp.http.Content-Type = "text/plain; charset=utf-8";
    set resp.body = resp.reason + {"
"};
    return (deliver);
}
