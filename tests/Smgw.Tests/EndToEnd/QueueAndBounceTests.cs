using System.Net.Http.Json;
using System.Text.Json;
using MimeKit;
using Smgw.Tests.Infrastructure;
using Xunit;

namespace Smgw.Tests.EndToEnd;

[Collection(GatewayCollection.Name)]
public sealed class QueueAndBounceTests(GatewayFixture fixture)
{
    private async Task<string> SendAsync(int port, string from, string to, string subject)
    {
        await using var smtp = await RawSmtpClient.ConnectAsync(port);
        await smtp.SendAsync("EHLO mta.outside.example");
        Assert.StartsWith("250", await smtp.SendAsync($"MAIL FROM:<{from}>"));
        Assert.StartsWith("250", await smtp.SendAsync($"RCPT TO:<{to}>"));
        var reply = await smtp.SendDataAsync($"From: {(from.Length == 0 ? "mailer-daemon@outside.example" : from)}\nTo: {to}\nSubject: {subject}\nMessage-ID: <{subject}@outside.example>\n\nbody of {subject}\n");
        Assert.StartsWith("250 2.0.0 Ok: queued as ", reply);
        return reply["250 2.0.0 Ok: queued as ".Length..].Trim();
    }

    private async Task<JsonElement> StatusAsync(string queueId) =>
        await fixture.Gateway.Http.GetFromJsonAsync<JsonElement>($"/api/queue/{queueId}");

    [Fact]
    public async Task A_permanent_refusal_downstream_bounces_with_an_rfc3464_report_to_the_sender()
    {
        var subject = $"bounce-{Guid.NewGuid():N}";
        var queueId = await SendAsync(fixture.Gateway.InboundPort, "alice@outside.example", "nobody@bounce.example", subject);

        var original = await fixture.Gateway.WaitCompletedAsync(queueId);
        var dsnId = Assert.Single(original.GetProperty("notifications").EnumerateArray()).GetString()!;
        await fixture.Gateway.WaitCompletedAsync(dsnId);
        var dsn = Assert.Single(fixture.Smarthost.Messages(), m => m.Message.Contains(subject) && m.MailFrom.Length == 0);
        Assert.Equal(["alice@outside.example"], dsn.RcptTo);

        var report = MimeMessage.Load(new MemoryStream(System.Text.Encoding.Latin1.GetBytes(dsn.Message)));
        var multipart = Assert.IsType<MultipartReport>(report.Body);
        Assert.Equal("delivery-status", multipart.ReportType);
        var status = Assert.Single(multipart.OfType<MessageDeliveryStatus>());
        var recipient = status.StatusGroups[1];
        Assert.Equal("rfc822; nobody@bounce.example", recipient["Final-Recipient"]);
        Assert.Equal("failed", recipient["Action"]);
        Assert.StartsWith("5.", recipient["Status"]);
        Assert.Contains("smtp;", recipient["Diagnostic-Code"]);
        Assert.Equal("auto-replied", report.Headers["Auto-Submitted"]);

        var state = await StatusAsync(queueId);
        Assert.True(state.GetProperty("completed").GetBoolean());
        Assert.Equal("Bounced", state.GetProperty("recipients")[0].GetProperty("state").GetString());
        Assert.Single(state.GetProperty("notifications").EnumerateArray());
    }

    [Fact]
    public async Task A_bounce_is_never_sent_for_the_null_sender()
    {
        var subject = $"nullsender-{Guid.NewGuid():N}";
        var queueId = await SendAsync(fixture.Gateway.InboundPort, "", "nobody@bounce.example", subject);

        var state = await Eventually.WaitAsync(
            async () => await StatusAsync(queueId) is var s && s.GetProperty("completed").GetBoolean() ? (JsonElement?)s : null,
            TimeSpan.FromSeconds(30), "the message to finish");
        Assert.Equal("Bounced", state.GetProperty("recipients")[0].GetProperty("state").GetString());
        Assert.Empty(state.GetProperty("notifications").EnumerateArray());
        Assert.DoesNotContain(fixture.Smarthost.Messages(), m => m.Message.Contains(subject));
    }

    [Fact]
    public async Task A_message_for_an_unreachable_server_is_deferred_listed_and_delivered_once_the_server_is_up()
    {
        var subject = $"later-{Guid.NewGuid():N}";
        var queueId = await SendAsync(fixture.Gateway.InboundPort, "alice@outside.example", "clerk@later.example", subject);

        var deferred = await Eventually.WaitAsync(
            async () => await StatusAsync(queueId) is var s && s.GetProperty("recipients")[0].GetProperty("state").GetString() == "Deferred" ? (JsonElement?)s : null,
            TimeSpan.FromSeconds(30), "the message to be deferred");
        var recipient = deferred.GetProperty("recipients")[0];
        Assert.True(recipient.GetProperty("attempts").GetInt32() >= 1);
        Assert.StartsWith("4.", recipient.GetProperty("status").GetString());

        var queue = await fixture.Gateway.Http.GetFromJsonAsync<JsonElement>("/api/queue");
        Assert.Contains(queue.EnumerateArray(), e => e.GetProperty("queueId").GetString() == queueId);

        await using var sink = await SmtpSink.StartAsync(fixture.LaterPort);
        using (var retry = await fixture.Gateway.Http.PostAsync($"/api/queue/{queueId}/retry", null))
        {
            Assert.Equal(System.Net.HttpStatusCode.Accepted, retry.StatusCode);
        }
        var done = await fixture.Gateway.WaitCompletedAsync(queueId);
        Assert.Equal("Delivered", done.GetProperty("recipients")[0].GetProperty("state").GetString());
        Assert.Contains(subject, Assert.Single(sink.Messages()).Message);
        await Eventually.WaitAsync(
            async () => !(await fixture.Gateway.Http.GetFromJsonAsync<JsonElement>("/api/queue")).EnumerateArray().Any(e => e.GetProperty("queueId").GetString() == queueId),
            TimeSpan.FromSeconds(10), "the message to leave the queue view");
    }

    [Fact]
    public async Task Unknown_queue_ids_and_bad_tenant_data_get_problem_responses()
    {
        using var missing = await fixture.Gateway.Http.GetAsync("/api/queue/NOSUCHID");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);

        using var bad = await fixture.Gateway.Http.PutAsJsonAsync("/api/tenants/broken", new { domains = new[] { "not a domain" } });
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await bad.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("domains", problem.GetProperty("detail").GetString());

        using var clash = await fixture.Gateway.Http.PutAsJsonAsync("/api/tenants/thief", new { domains = new[] { "lds.example" } });
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, clash.StatusCode);
        Assert.Contains("already belongs to tenant 'lds'", (await clash.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Metrics_and_health_are_served()
    {
        await SendAsync(fixture.Gateway.InboundPort, "alice@outside.example", "metrics@lds.example", $"metrics-{Guid.NewGuid():N}");
        var metrics = await Eventually.WaitAsync(async () =>
        {
            var text = await fixture.Gateway.Http.GetStringAsync("/metrics");
            return text.Contains("smgw_messages_delivered_total{direction=\"inbound\",tenant=\"lds\"}") ? text : null;
        }, TimeSpan.FromSeconds(30), "delivery metrics");
        Assert.Contains("smgw_messages_accepted_total{direction=\"inbound\",tenant=\"lds\"}", metrics);
        Assert.Contains("smgw_accept_latency_seconds_bucket", metrics);
        Assert.Contains("smgw_smtp_sessions_total{listener=\"internet\"}", metrics);
        Assert.Contains("smgw_queue_depth", metrics);

        Assert.Equal("Healthy", await fixture.Gateway.Http.GetStringAsync("/health"));
        Assert.Equal("Healthy", await fixture.Gateway.Http.GetStringAsync("/health/live"));
    }
}
