using System.Diagnostics;
using MailKit.Net.Smtp;
using MimeKit;
using Smgw.Tests.Infrastructure;
using Xunit;

namespace Smgw.Tests.EndToEnd;

[Collection(GatewayCollection.Name)]
public sealed class InboundDeliveryTests(GatewayFixture fixture)
{
    [Fact]
    public async Task Mail_from_the_internet_reaches_the_tenants_server_intact_with_a_received_header()
    {
        var marker = Guid.NewGuid().ToString("N");
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse("alice@internet.example"));
        message.To.Add(MailboxAddress.Parse("Bob@LDS.example"));
        message.Subject = $"Bescheid {marker}";
        var builder = new BodyBuilder
        {
            TextBody = "Sehr geehrte Damen und Herren,\n.\n..leading dots survive\nÄÖÜ ß\n",
            HtmlBody = "<p>HTML <b>part</b></p>",
        };
        builder.Attachments.Add("data.bin", Enumerable.Range(0, 4096).Select(i => (byte)i).ToArray());
        message.Body = builder.ToMessageBody();

        string reply;
        using (var client = new SmtpClient())
        {
            client.ServerCertificateValidationCallback = (_, _, _, _) => true;
            await client.ConnectAsync("127.0.0.1", fixture.Gateway.InboundPort, MailKit.Security.SecureSocketOptions.StartTls);
            reply = await client.SendAsync(message);
            await client.DisconnectAsync(true);
        }

        await fixture.Gateway.WaitCompletedAsync(GatewayProcess.QueueIdOf(reply));
        var received = Assert.Single(fixture.Lds.Messages(), m => m.Message.Contains(marker));

        Assert.Equal("alice@internet.example", received.MailFrom);
        Assert.Equal(["Bob@lds.example"], received.RcptTo);
        Assert.Contains("by gw.test (SMGW) with ESMTPS", received.Message);

        var parsed = MimeMessage.Load(new MemoryStream(System.Text.Encoding.Latin1.GetBytes(received.Message)));
        Assert.Equal(message.Subject, parsed.Subject);
        Assert.Equal(message.MessageId, parsed.MessageId);
        Assert.Equal(builder.TextBody, parsed.TextBody?.Replace("\r\n", "\n"));
        var attachment = Assert.Single(parsed.Attachments.OfType<MimePart>());
        using var content = new MemoryStream();
        await attachment.Content!.DecodeToAsync(content);
        Assert.Equal(Enumerable.Range(0, 4096).Select(i => (byte)i).ToArray(), content.ToArray());
        Assert.Single(parsed.Headers, h => h.Id == HeaderId.Received && h.Value.Contains("(SMGW)"));
    }

    [Fact]
    public async Task Postfix_smtp_source_messages_all_arrive_once()
    {
        const int count = 40;
        var recipient = $"src-{Guid.NewGuid():N}"[..16] + "@lds.example";
        await SmtpSource.SendAsync(fixture.Gateway.InboundPort, count, sessions: 4, size: 2048, recipient, "source.test");

        var arrived = await Eventually.WaitAsync(
            () => Task.FromResult(fixture.Lds.Messages().Where(m => m.RcptTo.Contains(recipient)).ToList() is { Count: >= count } l ? l : null),
            TimeSpan.FromSeconds(60), $"{count} smtp-source messages");
        Assert.Equal(count, arrived.Count);
        Assert.Equal(count, arrived.Select(m => m.Header("Message-Id")).Distinct().Count());
    }
}
