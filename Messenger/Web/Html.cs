using System.Net;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;

namespace Smgw.Messenger.Web;

/// <summary>The server-rendered pages: one layout, plain forms, no scripts (the CSP allows none).</summary>
public static class Html
{
    public static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    public static string Language(HttpContext http)
    {
        if (http.Request.Cookies.TryGetValue(MessengerEndpoints.LanguageCookie, out var chosen) && chosen is "de" or "en")
        {
            return chosen;
        }
        foreach (var value in http.Request.GetTypedHeaders().AcceptLanguage.OrderByDescending(l => l.Quality ?? 1))
        {
            var tag = value.Value.Value ?? "";
            if (tag.StartsWith("de", StringComparison.OrdinalIgnoreCase))
            {
                return "de";
            }
            if (tag.StartsWith("en", StringComparison.OrdinalIgnoreCase))
            {
                return "en";
            }
        }
        return "de";
    }

    public static string Antiforgery(HttpContext http)
    {
        var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        return $"<input type=\"hidden\" name=\"{E(tokens.FormFieldName)}\" value=\"{E(tokens.RequestToken)}\">";
    }

    public static IResult Page(HttpContext http, string title, string main, int status = 200)
    {
        var lang = Language(http);
        var signedIn = http.User.Identity?.IsAuthenticated == true;
        var here = http.Request.Path + http.Request.QueryString;
        var html = new StringBuilder()
            .Append("<!DOCTYPE html>\n<html lang=\"").Append(lang).Append("\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<meta name=\"referrer\" content=\"no-referrer\">")
            .Append("<title>").Append(E(title)).Append(" – SMGW Messenger</title>")
            .Append("<link rel=\"stylesheet\" href=\"/messenger.css\"></head><body>")
            .Append("<a class=\"skip\" href=\"#main\">").Append(E(Texts.Get(lang, "skip"))).Append("</a>")
            .Append("<header><a class=\"brand\" href=\"/\">SMGW Messenger</a><nav aria-label=\"").Append(E(Texts.Get(lang, "menu"))).Append("\">")
            .Append("<a id=\"lang-de\" lang=\"de\" href=\"/lang/de?returnUrl=").Append(Uri.EscapeDataString(here)).Append("\">Deutsch</a> ")
            .Append("<a id=\"lang-en\" lang=\"en\" href=\"/lang/en?returnUrl=").Append(Uri.EscapeDataString(here)).Append("\">English</a>");
        if (signedIn)
        {
            html.Append(" <a href=\"/inbox\">").Append(E(Texts.Get(lang, "inbox"))).Append("</a>")
                .Append("<form method=\"post\" action=\"/logout\" class=\"inline\">").Append(Antiforgery(http))
                .Append("<button type=\"submit\" id=\"logout\">").Append(E(Texts.Get(lang, "logout"))).Append("</button></form>")
                .Append("<span class=\"who\">").Append(E(http.User.Identity!.Name)).Append("</span>");
        }
        html.Append("</nav></header><main id=\"main\"><h1>").Append(E(title)).Append("</h1>").Append(main).Append("</main></body></html>");
        return Results.Content(html.ToString(), "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    public static string Error(string? message) =>
        message is null ? "" : $"<p class=\"error\" role=\"alert\" id=\"error\">{E(message)}</p>";

    public static string Notice(string? message) =>
        message is null ? "" : $"<p class=\"notice\" role=\"status\" id=\"notice\">{E(message)}</p>";

    public const string Css = """
        :root { color-scheme: light; --fg: #1a1a1a; --muted: #4a4a4a; --accent: #0b4f8a; --bg: #ffffff; --panel: #f3f5f8; --error: #a4001d; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
        header { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; justify-content: space-between; padding: .75rem 1rem; background: var(--accent); color: #fff; }
        header a, header button { color: #fff; }
        header nav { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
        .brand { font-weight: 700; text-decoration: none; }
        .who { font-size: .9rem; opacity: .9; overflow-wrap: anywhere; }
        main { max-width: 48rem; margin: 0 auto; padding: 1rem; }
        h1 { font-size: 1.5rem; margin: .5rem 0 1rem; overflow-wrap: anywhere; }
        ul.inbox a, #attachments a { overflow-wrap: anywhere; }
        h2 { font-size: 1.2rem; margin-top: 1.5rem; }
        label { display: block; font-weight: 600; margin-top: .75rem; }
        input[type=email], input[type=password], input[type=text], textarea { width: 100%; font: inherit; padding: .6rem; border: 2px solid #6b6b6b; border-radius: 4px; }
        textarea { min-height: 8rem; }
        input[type=file] { display: block; margin-top: .25rem; max-width: 100%; }
        button, .button { display: inline-block; margin-top: 1rem; font: inherit; font-weight: 600; padding: .6rem 1.2rem; border: 0; border-radius: 4px; background: var(--accent); color: #fff; cursor: pointer; text-decoration: none; }
        header button { margin: 0; padding: .2rem .6rem; background: transparent; border: 1px solid #fff; }
        form.inline { display: inline; }
        a:focus, button:focus, input:focus, textarea:focus { outline: 3px solid #ffbf47; outline-offset: 2px; }
        .skip { position: absolute; left: -999px; }
        .skip:focus { left: 1rem; top: 1rem; background: #fff; color: var(--accent); padding: .5rem; z-index: 1; }
        .error { color: var(--error); font-weight: 600; border-left: 4px solid var(--error); padding-left: .5rem; }
        .notice { border-left: 4px solid #00703c; padding-left: .5rem; font-weight: 600; }
        dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; background: var(--panel); padding: .75rem; border-radius: 4px; margin: 0; }
        dl.meta dt { font-weight: 600; color: var(--muted); }
        dl.meta dd { margin: 0; overflow-wrap: anywhere; }
        .mail-text { white-space: pre-wrap; overflow-wrap: anywhere; font: inherit; border: 1px solid #ccc; padding: .75rem; border-radius: 4px; }
        .mail-html { border: 1px solid #ccc; padding: .75rem; border-radius: 4px; overflow-x: auto; }
        .mail-html img { max-width: 100%; }
        ul.inbox { list-style: none; padding: 0; }
        ul.inbox li { border-bottom: 1px solid #ddd; padding: .5rem 0; }
        ul.inbox .unread { font-weight: 700; }
        .muted { color: var(--muted); font-size: .9rem; }
        """;
}
