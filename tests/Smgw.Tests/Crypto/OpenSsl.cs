using System.Diagnostics;
using Xunit;

namespace Smgw.Tests.Crypto;

/// <summary>Runs the real openssl binary (arguments as a list, never through a shell).</summary>
internal static class OpenSsl
{
    public static string Binary => Environment.GetEnvironmentVariable("SMGW_TEST_OPENSSL") ?? "openssl";

    public static async Task<(int ExitCode, byte[] Stdout, string Stderr)> RunAsync(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo(Binary)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("openssl did not start");
        process.StandardInput.Close();
        using var stdout = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        await copy;
        return (process.ExitCode, stdout.ToArray(), await stderr);
    }

    /// <summary>Runs openssl and fails the test with its stderr when it exits non-zero.</summary>
    public static async Task<byte[]> RunOkAsync(string workingDirectory, params string[] args)
    {
        var (exit, stdout, stderr) = await RunAsync(workingDirectory, args);
        Assert.True(exit == 0, $"openssl {string.Join(' ', args)} exited {exit}: {stderr}");
        return stdout;
    }
}
