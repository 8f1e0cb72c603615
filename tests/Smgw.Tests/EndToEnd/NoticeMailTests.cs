using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MimeKit;
using Smgw.Tests.Infrastructure;
using Xunit;
using static Smgw.Tests.Infrastructure.HttpAssert;

namespace Smgw.Tests.EndToEnd;

/// <summary>
/// The gateway's own mail to tenants' contacts (CL-15), queued like any message and delivered to
/// the tenant's server (smtp-sink): reminders (issue C §4) in each contact's language, at most once
/// per item and period; and maintenance notices (issue D, SLA-3) to every affected tenant in its language.
/// </summary>
public sealed class NoticeMailTests
{
    private static MimeMessage Parse(SinkMessage received) =>
        MimeMessage.Load(new MemoryStream(Encoding.Latin1.GetBytes(received.Message)));

    [Fact]
    public async Task Reminders_are_mailed_to_the_tenants_contacts_in_their_language_and_not_twice()
    {
        var bootstrap = Convert.ToHexString(Guid.NewGuid().ToByteArray());
        await using var sink = await SmtpSink.StartAsync();
        using var pki = new GatewayPki();
        var settings = new Dictionary<string, string>
        {
            ["Smgw__Http__ApiKey"] = bootstrap,
            ["Smgw__Reminders__Interval"] = "00:00:01",
            ["Smgw__Notices__From"] = "smgw@gw.test",
        };
        await using var gateway = new GatewayProcess(settings);
        await gateway.StartAsync();
        using var owner = gateway.Client(bootstrap);
        Ok(await owner.PutAsJsonAsync("/api/tenants/rem", new { domains = new[] { "rem.example" }, internalServer = sink.Endpoint }));
        var (certificate, key) = pki.Issue("rem-org", "rem.example organisation", "postmaster@rem.example", TimeSpan.FromDays(10));
        Ok(await owner.PutAsJsonAsync("/api/tenants/rem/organisation-certificates/rem.example", new { certificatePem = certificate, privateKeyPem = key }));
        using var issued = await owner.PostAsJsonAsync("/api/keys", new { name = "Rita Rem", role = "TenantAdmin", tenantId = "rem" });
        using var admin = gateway.Client((await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!);
        Ok(await admin.PostAsJsonAsync("/api/tenants/rem/onboarding/register", new { }));
        Ok(await owner.PostAsJsonAsync("/api/tenants/rem/onboarding/initialiseProject", new { }));
        Ok(await admin.PostAsJsonAsync("/api/tenants/rem/onboarding/startChecklist", new { }));
        Ok(await admin.PutAsJsonAsync("/api/tenants/rem/checklist/CL-2", new { state = "Done", evidence = "STARTTLS enforced" }));
        Assert.Empty(sink.Messages()); // no contacts yet: nobody to mail

        Ok(await admin.PutAsJsonAsync("/api/tenants/rem/contacts", new
        {
            language = "de",
            contacts = new object[]
            {
                new { name = "Renate Rem", function = "Leitung IT", email = "leitung@rem.example" },
                new { name = "Robert Rem", function = "mail admin", email = "admin@rem.example", language = "en" },
            },
        }));

        var mails = await sink.WaitForAsync(2);
        var german = Parse(Assert.Single(mails, m => m.RcptTo.Contains("leitung@rem.example")));
        var english = Parse(Assert.Single(mails, m => m.RcptTo.Contains("admin@rem.example")));
        Assert.Equal("de", german.Body!.Headers["Content-Language"]);
        Assert.Equal("en", english.Body!.Headers["Content-Language"]);
        Assert.StartsWith("SMGW-Erinnerung für rem", german.Subject);
        Assert.StartsWith("SMGW reminder for rem", english.Subject);
        Assert.Equal("smgw@gw.test", german.From.Mailboxes.Single().Address);
        Assert.Equal("auto-generated", german.Headers["Auto-Submitted"]);
        // The gateway's own header survives its own policy stage (docs/ONBOARDING.md); only forgeries from outside are removed.
        Assert.Equal("reminder; tenant=rem", german.Headers["X-SMGW-Notice"]);
        Assert.Contains("Organisationszertifikat (rem.example) läuft am", german.TextBody);
        Assert.Contains("Checkliste CL-3 ", german.TextBody);
        Assert.Contains("The organisation certificate of rem.example expires on", english.TextBody);
        Assert.Contains("Checklist CL-15 ", english.TextBody);
        Assert.DoesNotContain("CL-2 ", english.TextBody);  // done
        Assert.DoesNotContain("CL-1 ", english.TextBody);  // the service owner's item, not the tenant's
        Assert.DoesNotContain("CL-18 ", english.TextBody); // operations'

        // Several more rounds of the mailer: nothing is sent again within the period.
        var rounds = await RoundsAsync(gateway);
        await Eventually.WaitAsync(async () => await RoundsAsync(gateway) >= rounds + 3, TimeSpan.FromSeconds(30), "three more reminder rounds");
        Assert.Equal(2, sink.Messages().Count);

        // What was sent is durable: the gateway killed and started again on the same data mails nothing new.
        await gateway.KillAsync();
        await using var restarted = new GatewayProcess(settings, dataDirectory: gateway.DataDirectory);
        await restarted.StartAsync();
        await Eventually.WaitAsync(async () => await RoundsAsync(restarted) >= 3, TimeSpan.FromSeconds(30), "three reminder rounds after the restart");
        Assert.Equal(2, sink.Messages().Count);
    }

    [Fact]
    public async Task A_maintenance_announcement_mails_each_affected_tenants_contacts_in_the_tenants_language()
    {
        await using var sink = await SmtpSink.StartAsync();
        await using var gateway = new GatewayProcess(new Dictionary<string, string> { ["Smgw__Notices__From"] = "betrieb@gw.test" });
        await gateway.StartAsync();
        var http = gateway.Http;
        await gateway.PutTenantAsync("sachsen", new { name = "Landesamt Sachsen", domains = new[] { "sachsen.example" }, internalServer = sink.Endpoint });
        await gateway.PutTenantAsync("partner", new { name = "Partner Agency", domains = new[] { "partner.example" }, internalServer = sink.Endpoint });
        await gateway.PutTenantAsync("quiet", new { domains = new[] { "quiet.example" }, internalServer = sink.Endpoint });
        Ok(await http.PutAsJsonAsync("/api/tenants/sachsen/contacts", new { language = "de", contacts = new[] { new { name = "Sabine Sachs", email = "it@sachsen.example" } } }));
        Ok(await http.PutAsJsonAsync("/api/tenants/partner/contacts", new { language = "en", contacts = new[] { new { name = "Pat Partner", email = "ops@partner.example" } } }));

        // The whole service, on a Tuesday at least two weeks ahead, 17:00–21:00 UTC: every tenant is affected.
        var day = DateTime.UtcNow.Date.AddDays(14);
        while (day.DayOfWeek != DayOfWeek.Tuesday)
        {
            day = day.AddDays(1);
        }
        var start = new DateTimeOffset(day.AddHours(17), TimeSpan.Zero);
        var end = start.AddHours(4);
        var before = DateTimeOffset.UtcNow;
        using var response = await http.PostAsJsonAsync("/api/sla/maintenance", new
        {
            start, end, outageExpected = true, effects = "database upgrade; mail is queued at the senders",
        });
        Ok(response);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        // The notice is the announcement: in time for the tenants it reached, not for "quiet" (no contacts, and nothing else recorded).
        Assert.False(answer.GetProperty("exempt").GetBoolean(), answer.ToString());
        Assert.Equal("NotAnnounced", answer.GetProperty("verdict").GetString());
        var rulings = answer.GetProperty("assessments").EnumerateArray().ToList();
        var mailed = Assert.Single(rulings, r => r.GetProperty("evidence").GetString() == "NoticeMail");
        Assert.Equal("partner, sachsen", mailed.GetProperty("tenants").GetString());
        Assert.Equal("AnnouncedInTime", mailed.GetProperty("verdict").GetString());
        Assert.InRange(mailed.GetProperty("announcedAt").GetDateTimeOffset(), before, DateTimeOffset.UtcNow);
        Assert.Equal(["quiet"], answer.GetProperty("window").GetProperty("notReached").EnumerateArray().Select(t => t.GetString()));
        var notified = answer.GetProperty("notified").EnumerateArray().ToDictionary(n => n.GetProperty("tenantId").GetString()!);
        Assert.Equal(["it@sachsen.example"], notified["sachsen"].GetProperty("sent")[0].GetProperty("recipients").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("de", notified["sachsen"].GetProperty("sent")[0].GetProperty("language").GetString());
        Assert.Equal("en", notified["partner"].GetProperty("sent")[0].GetProperty("language").GetString());
        Assert.Equal(0, notified["quiet"].GetProperty("sent").GetArrayLength());
        Assert.Contains("no contacts", notified["quiet"].GetProperty("notSent").GetString());

        var mails = await sink.WaitForAsync(2);
        var german = Parse(Assert.Single(mails, m => m.RcptTo.SequenceEqual(["it@sachsen.example"])));
        var english = Parse(Assert.Single(mails, m => m.RcptTo.SequenceEqual(["ops@partner.example"])));
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var localStart = TimeZoneInfo.ConvertTime(start, berlin);
        var localEnd = TimeZoneInfo.ConvertTime(end, berlin);
        var c = System.Globalization.CultureInfo.InvariantCulture;
        Assert.Equal($"SMGW-Wartung am Dienstag, {localStart.ToString("dd.MM.yyyy HH:mm", c)} Uhr (mit Unterbrechung)", german.Subject);
        Assert.Contains($"Ende:     Dienstag, {localEnd.ToString("dd.MM.yyyy HH:mm", c)} Uhr (Europe/Berlin; {end.ToString("yyyy-MM-dd HH:mm", c)} UTC)", german.TextBody);
        Assert.Contains("Auswirkungen: database upgrade; mail is queued at the senders", german.TextBody);
        Assert.Contains("Landesamt Sachsen", german.TextBody);
        Assert.Equal($"SMGW maintenance on Tuesday {localStart.ToString("d MMMM yyyy, HH:mm", c)} (with interruption)", english.Subject);
        Assert.Contains("Expected effects: database upgrade", english.TextBody);
        Assert.Equal("betrieb@gw.test", english.From.Mailboxes.Single().Address);
        Assert.Equal("de", german.Body!.Headers["Content-Language"]);
        Assert.Equal("en", english.Body!.Headers["Content-Language"]);

        // A window for one tenant only mails that tenant; reaching it, the notice is exempt evidence for the whole window.
        using var second = await http.PostAsJsonAsync("/api/sla/maintenance", new
        {
            start = start.AddDays(1), end = start.AddDays(1).AddHours(1), outageExpected = true, effects = "certificate renewal", tenants = new[] { "partner" },
        });
        Ok(second);
        var secondAnswer = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(secondAnswer.GetProperty("exempt").GetBoolean(), secondAnswer.ToString());
        Assert.Single(secondAnswer.GetProperty("assessments").EnumerateArray());
        var third = Assert.Single(await sink.WaitForAsync(3), m => mails.All(x => x.Message != m.Message));
        Assert.Equal(["ops@partner.example"], third.RcptTo);
        Assert.Contains("Outage:   yes", Parse(third).TextBody);

        // Work that has begun is not mailed as scheduled, and it cannot be exempt.
        using var past = await http.PostAsJsonAsync("/api/sla/maintenance", new
        {
            announcedAt = DateTimeOffset.UtcNow.AddDays(-10), start = DateTimeOffset.UtcNow.AddMinutes(-30), end = DateTimeOffset.UtcNow.AddMinutes(30), outageExpected = true, effects = "emergency patch",
        });
        Ok(past);
        var pastAnswer = await past.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("RecordedAfterStart", pastAnswer.GetProperty("verdict").GetString());
        Assert.False(pastAnswer.GetProperty("exempt").GetBoolean());
        Assert.Contains("had started", pastAnswer.GetProperty("noticeNotSent").GetString());
        Assert.Empty(pastAnswer.GetProperty("notified").EnumerateArray());
        // The queue is empty once the third notice is delivered: nothing else is on its way.
        await Eventually.WaitAsync(async () => await http.GetStringAsync("/api/queue") == "[]", TimeSpan.FromSeconds(30), "an empty queue");
        Assert.Equal(3, sink.Messages().Count);
    }

    private static async Task<double> RoundsAsync(GatewayProcess gateway)
    {
        var metrics = await gateway.Http.GetStringAsync("/metrics");
        var line = metrics.Split('\n').FirstOrDefault(l => l.StartsWith("smgw_reminder_mail_rounds_total ", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }
}
