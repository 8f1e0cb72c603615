using System.Diagnostics;
using Xunit;

namespace Smgw.Tests.Infrastructure;

/// <summary>Postfix's smtp-source as a real sending MTA: <c>count</c> messages over <c>sessions</c> parallel sessions.</summary>
public static class SmtpSource
{
    public static async Task SendAsync(int port, int count, int sessions, int size, string recipient, string helo, string sender = "sender@outside.example")
    {
        using var source = Process.Start(new ProcessStartInfo(TestEnvironment.SmtpSource)
        {
            ArgumentList =
            {
                "-s", sessions.ToString(), "-m", count.ToString(), "-l", size.ToString(),
                "-f", sender, "-t", recipient, "-M", helo, $"127.0.0.1:{port}",
            },
            RedirectStandardError = true,
        })!;
        var errors = await source.StandardError.ReadToEndAsync();
        await source.WaitForExitAsync();
        Assert.True(source.ExitCode == 0, $"smtp-source exited with {source.ExitCode}: {errors}");
    }
}
