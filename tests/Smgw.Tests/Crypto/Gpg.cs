using System.Diagnostics;
using System.Text;
using Xunit;

namespace Smgw.Tests.Crypto;

/// <summary>Runs the real gpg binary in one home directory (--batch, arguments as a list, never through a shell).</summary>
internal sealed class Gpg(string home)
{
    public static string Binary => Environment.GetEnvironmentVariable("SMGW_TEST_GPG") ?? "gpg";

    public string Home { get; } = home;

    /// <summary>A new home directory, mode 0700 as gpg wants it.</summary>
    public static Gpg Create(string home)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(home);
        }
        else
        {
            Directory.CreateDirectory(home, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return new Gpg(home);
    }

    public async Task<(int ExitCode, byte[] Stdout, string Stderr)> RunAsync(byte[]? stdin, params string[] args)
    {
        var start = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])["--homedir", Home, "--batch", "--no-tty", "--pinentry-mode", "loopback", "--passphrase", "", "--trust-model", "always", .. args])
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("gpg did not start");
        using var stdout = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.BaseStream.WriteAsync(stdin);
        }
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        await copy;
        return (process.ExitCode, stdout.ToArray(), await stderr);
    }

    /// <summary>Runs gpg and fails the test with its stderr when it exits non-zero.</summary>
    public async Task<byte[]> RunOkAsync(byte[]? stdin, params string[] args)
    {
        var (exit, stdout, stderr) = await RunAsync(stdin, args);
        Assert.True(exit == 0, $"gpg {string.Join(' ', args)} exited {exit}: {stderr}");
        return stdout;
    }

    public async Task<string> RunTextAsync(params string[] args) => Encoding.UTF8.GetString(await RunOkAsync(null, args));

    /// <summary>Generates a key without passphrase: RSA-2048 (sign) + RSA-2048 (encrypt subkey), or Ed25519 + Cv25519. Returns the fingerprint.</summary>
    public async Task<string> GenerateAsync(string userId, PgpAlgorithm algorithm, string expire = "never")
    {
        var (primary, sub) = algorithm == PgpAlgorithm.Rsa ? ("rsa2048", "rsa2048") : ("ed25519", "cv25519");
        await RunOkAsync(null, "--quick-gen-key", userId, primary, "sign,cert", expire);
        var fingerprint = await FingerprintAsync(userId);
        await RunOkAsync(null, "--quick-add-key", fingerprint, sub, "encr", expire);
        return fingerprint;
    }

    public async Task<string> FingerprintAsync(string userId)
    {
        var listing = await RunTextAsync("--with-colons", "--list-keys", userId);
        var line = listing.Split('\n').First(l => l.StartsWith("fpr:", StringComparison.Ordinal));
        return line.Split(':')[9];
    }

    public async Task<string> ExportPublicAsync(string userIdOrFingerprint) => await RunTextAsync("--armor", "--export", userIdOrFingerprint);

    public async Task<string> ExportSecretAsync(string userIdOrFingerprint) => await RunTextAsync("--armor", "--export-secret-keys", userIdOrFingerprint);

    public async Task ImportAsync(string armored) => await RunOkAsync(Encoding.UTF8.GetBytes(armored), "--import");

    /// <summary>Stops the gpg-agent of this home directory.</summary>
    public async Task StopAgentAsync()
    {
        var start = new ProcessStartInfo("gpgconf") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in (string[])["--homedir", Home, "--kill", "gpg-agent"])
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start);
        if (process is not null)
        {
            await process.WaitForExitAsync();
        }
    }
}

public enum PgpAlgorithm
{
    Rsa,
    Curve25519,
}
