using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using Smgw.Interfaces.Messenger;
using static Smgw.Messenger.Web.Html;

namespace Smgw.Messenger.Web;

/// <summary>
/// The Messenger's pages. Every form carries an antiforgery token; every message is fetched with
/// the session's own address, so a session sees only its own messages (anything else is 404).
/// </summary>
public static class MessengerEndpoints
{
    public const string LanguageCookie = "smgw-messenger-lang";
    public const string Scheme = CookieAuthenticationDefaults.AuthenticationScheme;
    public const string GuessingPolicy = "guessing";
    private const int MinimumPassword = 10;

    public static WebApplication MapMessenger(this WebApplication app)
    {
        app.MapGet("/messenger.css", () => Results.Text(Css, "text/css; charset=utf-8"));
        app.MapGet("/", (HttpContext http) => SignedIn(http) is null ? LoginPage(http, null, null, null) : Results.Redirect("/inbox"));
        app.MapGet("/lang/{lang}", (string lang, string? returnUrl, HttpContext http) =>
        {
            if (lang is "de" or "en")
            {
                http.Response.Cookies.Append(LanguageCookie, lang, new CookieOptions
                {
                    HttpOnly = true,
                    SameSite = SameSiteMode.Lax,
                    Secure = Options(http).SecureCookies,
                    MaxAge = TimeSpan.FromDays(365),
                    IsEssential = true,
                });
            }
            return Results.Redirect(Local(returnUrl) ?? "/");
        });

        app.MapGet("/login", (string? returnUrl, HttpContext http) => LoginPage(http, null, null, Local(returnUrl)));
        app.MapPost("/login", (HttpContext http, IGrainFactory grains) => Form(http, async form =>
        {
            var lang = Language(http);
            var address = MessengerTokens.Address(form["address"].ToString());
            var password = form["password"].ToString();
            var returnUrl = Local(form["returnUrl"]);
            var result = address.Contains('@') && address.Length <= 320 && password.Length is > 0 and <= 256
                ? await grains.GetGrain<IMessengerAccountGrain>(address).LoginAsync(password)
                : MessengerLoginResult.Failed;
            return result switch
            {
                MessengerLoginResult.Ok => await SignInAsync(http, address, returnUrl ?? "/inbox"),
                MessengerLoginResult.LockedOut => LoginPage(http, Texts.Get(lang, "locked"), address, returnUrl, 429),
                _ => LoginPage(http, Texts.Get(lang, "login.failed"), address, returnUrl, 401),
            };
        })).RequireRateLimiting(GuessingPolicy);

        app.MapPost("/logout", (Delegate)((HttpContext http) => Form(http, async _ =>
        {
            await http.SignOutAsync(Scheme);
            return Results.Redirect("/login");
        })));

        app.MapGet("/m/{token}", async (string token, HttpContext http, IGrainFactory grains) =>
        {
            if (!MessengerTokens.IsToken(token) || await grains.GetGrain<IMessengerMessageGrain>(MessengerTokens.MessageId(token)).LinkAsync() is not { } link)
            {
                return NotFound(http);
            }
            if (SignedIn(http) == link.Recipient)
            {
                return Results.Redirect($"/messages/{link.MessageId}");
            }
            return link.HasPassword
                ? LoginPage(http, null, link.Recipient, $"/messages/{link.MessageId}", token: token)
                : RegisterIntro(http, token, link);
        });

        app.MapPost("/m/{token}/code", (string token, HttpContext http, IGrainFactory grains) => Form(http, async _ =>
        {
            if (await LinkAsync(grains, token) is not { } link)
            {
                return NotFound(http);
            }
            await grains.GetGrain<IMessengerAccountGrain>(link.Recipient).SendCodeAsync(link.MessageId);
            return RegisterForm(http, token, link, null);
        })).RequireRateLimiting(GuessingPolicy);

        app.MapPost("/m/{token}/register", (string token, HttpContext http, IGrainFactory grains) => Form(http, async form =>
        {
            var lang = Language(http);
            if (await LinkAsync(grains, token) is not { } link)
            {
                return NotFound(http);
            }
            var code = form["code"].ToString();
            var password = form["password"].ToString();
            if (password.Length < MinimumPassword || password.Length > 256)
            {
                return RegisterForm(http, token, link, Texts.Get(lang, "password.short"));
            }
            if (password != form["confirm"].ToString())
            {
                return RegisterForm(http, token, link, Texts.Get(lang, "password.mismatch"));
            }
            return await grains.GetGrain<IMessengerAccountGrain>(link.Recipient).RegisterAsync(code, password) switch
            {
                MessengerLoginResult.Ok => await SignInAsync(http, link.Recipient, $"/messages/{link.MessageId}"),
                MessengerLoginResult.LockedOut => RegisterForm(http, token, link, Texts.Get(lang, "locked"), 429),
                _ => RegisterForm(http, token, link, Texts.Get(lang, "code.failed"), 401),
            };
        })).RequireRateLimiting(GuessingPolicy);

        app.MapGet("/inbox", async (HttpContext http, IGrainFactory grains) =>
        {
            if (SignedIn(http) is not { } address)
            {
                return ToLogin(http);
            }
            var lang = Language(http);
            var ids = await grains.GetGrain<IMessengerAccountGrain>(address).MessagesAsync();
            var summaries = new List<MessengerSummary>();
            foreach (var id in ids)
            {
                if (await grains.GetGrain<IMessengerMessageGrain>(id).SummaryAsync(address) is { } summary)
                {
                    summaries.Add(summary);
                }
            }
            var list = summaries.Count == 0
                ? $"<p>{E(Texts.Get(lang, "inbox.empty"))}</p>"
                : "<ul class=\"inbox\">" + string.Concat(summaries.OrderByDescending(s => s.ReceivedUtc).Select(s =>
                    $"<li><a class=\"{(s.Read ? "read" : "unread")}\" href=\"/messages/{s.MessageId}\">{E(SubjectOf(lang, s.Subject))}</a>"
                    + $"<br><span class=\"muted\">{E(s.Sender)} · {E(Date(lang, s.ReceivedUtc))}</span></li>")) + "</ul>";
            return Page(http, Texts.Get(lang, "inbox"), list);
        });

        app.MapGet("/messages/{id}", async (string id, string? sent, HttpContext http, IGrainFactory grains) =>
        {
            if (SignedIn(http) is not { } address)
            {
                return ToLogin(http);
            }
            if (!MessengerTokens.IsMessageId(id) || await grains.GetGrain<IMessengerMessageGrain>(id).OpenAsync(address) is not { } content)
            {
                return NotFound(http);
            }
            return ReadingView(http, content, sent is not null ? Texts.Get(Language(http), "reply.sent") : null, null);
        });

        app.MapGet("/messages/{id}/attachments/{index:int}", async (string id, int index, HttpContext http, IGrainFactory grains) =>
        {
            if (SignedIn(http) is not { } address)
            {
                return ToLogin(http);
            }
            if (!MessengerTokens.IsMessageId(id) || await grains.GetGrain<IMessengerMessageGrain>(id).OpenAsync(address) is not { } content)
            {
                return NotFound(http);
            }
            var view = MessageView.Parse(content.Mime);
            if (index < 0 || index >= view.Attachments.Count)
            {
                return NotFound(http);
            }
            var attachment = view.Attachments[index];
            // Always a download, never rendered in the Messenger's origin (an HTML attachment could script it).
            http.Response.Headers.ContentSecurityPolicy = "sandbox; default-src 'none'";
            return Results.File(MessageView.Content(attachment), "application/octet-stream", MessageView.FileName(attachment, index));
        });

        app.MapPost("/messages/{id}/reply", (string id, HttpContext http, IGrainFactory grains, IOptions<MessengerWebOptions> options) => Form(http, async form =>
        {
            if (SignedIn(http) is not { } address)
            {
                return ToLogin(http);
            }
            var lang = Language(http);
            if (!MessengerTokens.IsMessageId(id))
            {
                return NotFound(http);
            }
            var grain = grains.GetGrain<IMessengerMessageGrain>(id);
            var attachments = new List<MessengerAttachment>();
            long size = form["text"].ToString().Length;
            foreach (var file in form.Files.Where(f => f.Length > 0))
            {
                size += file.Length;
                using var buffer = new MemoryStream();
                await file.CopyToAsync(buffer);
                attachments.Add(new MessengerAttachment
                {
                    FileName = Path.GetFileName(file.FileName),
                    ContentType = string.IsNullOrEmpty(file.ContentType) ? "application/octet-stream" : file.ContentType,
                    Content = buffer.ToArray(),
                });
            }
            var text = form["text"].ToString();
            string? problem = text.Trim().Length == 0 && attachments.Count == 0 ? Texts.Get(lang, "reply.empty")
                : size > options.Value.MaxReplyBytes ? Texts.Get(lang, "reply.large")
                : null;
            if (problem is not null)
            {
                return await grain.OpenAsync(address) is { } again ? ReadingView(http, again, null, problem, 400) : NotFound(http);
            }
            return await grain.ReplyAsync(address, new MessengerReply { Text = text, Attachments = attachments })
                ? Results.Redirect($"/messages/{id}?sent=1")
                : NotFound(http);
        }));
        return app;
    }

    private static IResult ReadingView(HttpContext http, MessengerContent content, string? notice, string? error, int status = 200)
    {
        var lang = Language(http);
        var view = MessageView.Parse(content.Mime);
        var summary = content.Summary;
        var main = new System.Text.StringBuilder()
            .Append(Notice(notice)).Append(Error(error))
            .Append("<dl class=\"meta\">")
            .Append($"<dt>{E(Texts.Get(lang, "from"))}</dt><dd id=\"from\">{E(view.Message.From.ToString())}</dd>")
            .Append($"<dt>{E(Texts.Get(lang, "received"))}</dt><dd>{E(Date(lang, summary.ReceivedUtc))}</dd>")
            .Append($"<dt>{E(Texts.Get(lang, "expires"))}</dt><dd>{E(Date(lang, summary.ExpiresUtc))}</dd>")
            .Append("</dl>");
        if (view.SafeHtml is { } html)
        {
            if (view.RemoteContentBlocked)
            {
                main.Append($"<p class=\"muted\" id=\"remote-blocked\">{E(Texts.Get(lang, "remote.blocked"))}</p>");
            }
            main.Append("<div class=\"mail-html\" id=\"body\">").Append(html).Append("</div>");
        }
        else
        {
            main.Append("<pre class=\"mail-text\" id=\"body\">").Append(E(view.Text)).Append("</pre>");
        }
        if (view.Attachments.Count > 0)
        {
            main.Append($"<h2>{E(Texts.Get(lang, "attachments"))}</h2><ul id=\"attachments\">");
            for (var i = 0; i < view.Attachments.Count; i++)
            {
                main.Append($"<li><a href=\"/messages/{summary.MessageId}/attachments/{i}\" download>{E(MessageView.FileName(view.Attachments[i], i))}</a></li>");
            }
            main.Append("</ul>");
        }
        main.Append($"<h2 id=\"reply-heading\">{E(Texts.Get(lang, "reply.title"))}</h2>")
            .Append($"<form method=\"post\" action=\"/messages/{summary.MessageId}/reply\" enctype=\"multipart/form-data\" aria-labelledby=\"reply-heading\">")
            .Append(Antiforgery(http))
            .Append($"<label for=\"reply-text\">{E(Texts.Get(lang, "reply.text"))}</label><textarea id=\"reply-text\" name=\"text\"></textarea>")
            .Append($"<label for=\"reply-files\">{E(Texts.Get(lang, "reply.files"))}</label><input type=\"file\" id=\"reply-files\" name=\"files\" multiple>")
            .Append($"<button type=\"submit\" id=\"reply-send\">{E(Texts.Get(lang, "reply.submit"))}</button></form>");
        return Page(http, SubjectOf(lang, view.Message.Subject), main.ToString(), status);
    }

    private static IResult LoginPage(HttpContext http, string? error, string? address, string? returnUrl, int status = 200, string? token = null)
    {
        var lang = Language(http);
        var main = $"<p>{E(Texts.Get(lang, "login.intro"))}</p>{Error(error)}"
            + $"<form method=\"post\" action=\"/login\">{Antiforgery(http)}"
            + $"<input type=\"hidden\" name=\"returnUrl\" value=\"{E(returnUrl)}\">"
            + $"<label for=\"address\">{E(Texts.Get(lang, "address"))}</label><input type=\"email\" id=\"address\" name=\"address\" autocomplete=\"username\" required value=\"{E(address)}\">"
            + $"<label for=\"password\">{E(Texts.Get(lang, "password"))}</label><input type=\"password\" id=\"password\" name=\"password\" autocomplete=\"current-password\" required>"
            + $"<button type=\"submit\" id=\"login\">{E(Texts.Get(lang, "login.submit"))}</button></form>";
        if (token is not null)
        {
            main += $"<form method=\"post\" action=\"/m/{E(token)}/code\">{Antiforgery(http)}<button type=\"submit\" id=\"forgot\">{E(Texts.Get(lang, "forgot"))}</button></form>";
        }
        return Page(http, Texts.Get(lang, "login.title"), main, status);
    }

    private static IResult RegisterIntro(HttpContext http, string token, MessengerLink link)
    {
        var lang = Language(http);
        var text = link.Verification == MessengerVerification.CodeFromSender
            ? Texts.Get(lang, "register.sender", link.Recipient)
            : Texts.Get(lang, "register.mail", link.Recipient);
        return Page(http, Texts.Get(lang, "register.title"),
            $"<p>{E(text)}</p><form method=\"post\" action=\"/m/{E(token)}/code\">{Antiforgery(http)}<button type=\"submit\" id=\"send-code\">{E(Texts.Get(lang, "send.code"))}</button></form>");
    }

    private static IResult RegisterForm(HttpContext http, string token, MessengerLink link, string? error, int status = 200)
    {
        var lang = Language(http);
        var sent = link.Verification == MessengerVerification.CodeFromSender
            ? Texts.Get(lang, "code.sent.sender")
            : Texts.Get(lang, "code.sent.mail", link.Recipient);
        var main = $"{Notice(sent)}{Error(error)}<form method=\"post\" action=\"/m/{E(token)}/register\">{Antiforgery(http)}"
            + $"<label for=\"code\">{E(Texts.Get(lang, "code"))}</label><input type=\"text\" id=\"code\" name=\"code\" inputmode=\"numeric\" autocomplete=\"one-time-code\" required>"
            + $"<input type=\"hidden\" name=\"address\" autocomplete=\"username\" value=\"{E(link.Recipient)}\">"
            + $"<label for=\"new-password\">{E(Texts.Get(lang, "new.password"))}</label><input type=\"password\" id=\"new-password\" name=\"password\" autocomplete=\"new-password\" minlength=\"10\" required>"
            + $"<label for=\"confirm-password\">{E(Texts.Get(lang, "confirm.password"))}</label><input type=\"password\" id=\"confirm-password\" name=\"confirm\" autocomplete=\"new-password\" minlength=\"10\" required>"
            + $"<button type=\"submit\" id=\"register\">{E(Texts.Get(lang, "register.submit"))}</button></form>";
        return Page(http, Texts.Get(lang, "register.title"), main, status);
    }

    private static IResult NotFound(HttpContext http)
    {
        var lang = Language(http);
        return Page(http, Texts.Get(lang, "notfound.title"), $"<p id=\"not-found\">{E(Texts.Get(lang, "notfound"))}</p>", 404);
    }

    /// <summary>Checks the antiforgery token, then runs the handler with the form; a missing or wrong token is a 400 page.</summary>
    private static async Task<IResult> Form(HttpContext http, Func<IFormCollection, Task<IResult>> handler)
    {
        var antiforgery = http.RequestServices.GetRequiredService<IAntiforgery>();
        if (!http.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(http))
        {
            MessengerWebMetrics.Rejected.WithLabels("csrf").Inc();
            var lang = Language(http);
            return Page(http, Texts.Get(lang, "error"), Error(Texts.Get(lang, "error")), 400);
        }
        return await handler(await http.Request.ReadFormAsync());
    }

    private static async Task<IResult> SignInAsync(HttpContext http, string address, string returnUrl)
    {
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, address)], Scheme);
        await http.SignInAsync(Scheme, new ClaimsPrincipal(identity));
        return Results.Redirect(returnUrl);
    }

    private static async Task<MessengerLink?> LinkAsync(IGrainFactory grains, string token) =>
        MessengerTokens.IsToken(token) ? await grains.GetGrain<IMessengerMessageGrain>(MessengerTokens.MessageId(token)).LinkAsync() : null;

    private static string? SignedIn(HttpContext http) =>
        http.User.Identity?.IsAuthenticated == true ? http.User.Identity.Name : null;

    private static IResult ToLogin(HttpContext http) =>
        Results.Redirect("/login?returnUrl=" + Uri.EscapeDataString(http.Request.Path + http.Request.QueryString));

    /// <summary>Only paths of this site ("/x", not "//host" or "/\host"): no open redirect.</summary>
    private static string? Local(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) ? url : null;

    private static MessengerWebOptions Options(HttpContext http) =>
        http.RequestServices.GetRequiredService<IOptions<MessengerWebOptions>>().Value;

    private static string SubjectOf(string lang, string? subject) =>
        string.IsNullOrWhiteSpace(subject) ? Texts.Get(lang, "no.subject") : subject;

    private static string Date(string lang, DateTimeOffset value) =>
        value.UtcDateTime.ToString("g", System.Globalization.CultureInfo.GetCultureInfo(lang == "de" ? "de-DE" : "en-GB")) + " UTC";
}
