using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Smgw.Tests.Infrastructure;

/// <summary>
/// A private, real Postfix (master + smtpd) for one test: its own configuration, queue and data
/// directories under a temp folder, <c>inet_interfaces = loopback-only</c>, smtpd on 127.0.0.1 and
/// a free port, <c>smtpd_tls_security_level = may</c> with a certificate made by openssl at start
/// (or one the test gives). Started with <c>postfix -c DIR start</c>, stopped with <c>postfix -c DIR stop</c>;
/// the machine's default Postfix instance is neither needed nor touched. Needs root (Postfix's
/// master drops to the <c>postfix</c> user itself) and Debian's postfix package (scripts/deps.sh).
/// </summary>
public sealed class PostfixInstance : IAsyncDisposable
{
    private const string PostfixCommand = "/usr/sbin/postfix";
    private bool _stopped;

    private PostfixInstance(string root, int port, string hostname, bool startTls)
    {
        Root = root;
        Port = port;
        Hostname = hostname;
        StartTls = startTls;
    }

    /// <summary>Whether smtpd offers STARTTLS (<c>smtpd_tls_security_level = may</c>) or not (<c>none</c>).</summary>
    public bool StartTls { get; }

    /// <summary>The temp folder holding conf/, queue/, data/ and postfix.log.</summary>
    public string Root { get; }

    public int Port { get; }

    public string Hostname { get; }

    public string Endpoint => $"127.0.0.1:{Port}";

    public string ConfigDirectory => Path.Combine(Root, "conf");

    public string LogFile => Path.Combine(Root, "postfix.log");

    /// <summary>The PEM certificate smtpd presents.</summary>
    public string CertificatePath => Path.Combine(ConfigDirectory, "smtpd.pem");

    /// <summary>
    /// Writes the instance's configuration and starts it; waits until smtpd greets.
    /// <paramref name="certificate"/>: PEM certificate (with chain) and PEM key for smtpd; when null, a self-signed
    /// RSA-2048 certificate for <paramref name="hostname"/> is made with openssl. <paramref name="startTls"/> false: a
    /// Postfix that offers no STARTTLS (<c>smtpd_tls_security_level = none</c>).
    /// </summary>
    public static async Task<PostfixInstance> StartAsync(string hostname = "mail.postfix.test", (string CertificatePem, string KeyPem)? certificate = null, bool startTls = true)
    {
        if (!File.Exists(PostfixCommand))
        {
            throw new InvalidOperationException($"{PostfixCommand} is missing: install Debian's postfix package (scripts/deps.sh does).");
        }
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            throw new InvalidOperationException("a private Postfix instance must be started as root (its master switches to the postfix user itself).");
        }

        // Postfix refuses group/world-writable parents for its own directories: not TestEnvironment.TempDirectory (0777).
        var root = Path.Combine(Path.GetTempPath(), $"smgw-postfix-{Guid.NewGuid():N}"[..36]);
        var instance = new PostfixInstance(root, TestEnvironment.FreePort(), hostname, startTls);
        foreach (var directory in new[] { root, instance.ConfigDirectory, Path.Combine(root, "queue"), Path.Combine(root, "data") })
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
        var keyPath = Path.Combine(instance.ConfigDirectory, "smtpd.key");
        if (certificate is { } given)
        {
            await File.WriteAllTextAsync(instance.CertificatePath, given.CertificatePem);
            await File.WriteAllTextAsync(keyPath, given.KeyPem);
        }
        else
        {
            await RunAsync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30", "-subj", $"/CN={hostname}",
                "-addext", $"subjectAltName=DNS:{hostname}", "-keyout", keyPath, "-out", instance.CertificatePath]);
        }
        File.SetUnixFileMode(keyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite); // smtpd reads it as root, before dropping privileges
        await File.WriteAllTextAsync(Path.Combine(instance.ConfigDirectory, "main.cf"), instance.MainCf(keyPath));
        await File.WriteAllTextAsync(Path.Combine(instance.ConfigDirectory, "master.cf"), instance.MasterCf());
        await RunAsync("chown", ["postfix", Path.Combine(root, "data")]); // data_directory belongs to mail_owner

        try
        {
            await RunAsync(PostfixCommand, ["-c", instance.ConfigDirectory, "start"]);
            await Eventually.WaitAsync(async () =>
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync("127.0.0.1", instance.Port);
                using var reader = new StreamReader(tcp.GetStream(), Encoding.ASCII);
                return (await reader.ReadLineAsync())?.StartsWith("220", StringComparison.Ordinal) == true;
            }, TimeSpan.FromSeconds(30), $"Postfix smtpd to greet on {instance.Endpoint}");
        }
        catch (Exception ex)
        {
            var log = File.Exists(instance.LogFile) ? await File.ReadAllTextAsync(instance.LogFile) : "(no log written)";
            await instance.DisposeAsync();
            throw new InvalidOperationException($"the private Postfix instance in {root} did not start: {ex.Message}\npostfix.log:\n{log}", ex);
        }
        return instance;
    }

    /// <summary>What Postfix logged so far (maillog_file).</summary>
    public string Log() => File.Exists(LogFile) ? File.ReadAllText(LogFile) : "";

    public async ValueTask DisposeAsync()
    {
        if (_stopped)
        {
            return;
        }
        _stopped = true;
        try
        {
            if (File.Exists(Path.Combine(Root, "queue", "pid", "master.pid")))
            {
                await RunAsync(PostfixCommand, ["-c", ConfigDirectory, "stop"]);
            }
        }
        catch (InvalidOperationException)
        {
            KillMaster();
        }
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }

    /// <summary>The last resort when <c>postfix stop</c> failed: the master's pid file.</summary>
    private void KillMaster()
    {
        var pidFile = Path.Combine(Root, "queue", "pid", "master.pid");
        if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid))
        {
            try
            {
                using var master = Process.GetProcessById(pid);
                master.Kill(entireProcessTree: true);
            }
            catch (ArgumentException)
            {
                // already gone
            }
        }
    }

    private string MainCf(string keyPath) => $"""
        # A private test instance (SMGW tests): nothing here refers to /etc/postfix's default instance.
        compatibility_level = 3.6
        queue_directory = {Root}/queue
        data_directory = {Root}/data
        maillog_file = {LogFile}
        maillog_file_prefixes = {Root}
        myhostname = {Hostname}
        mydomain = postfix.test
        myorigin = $myhostname
        mydestination =
        relay_domains =
        mynetworks = 127.0.0.0/8
        inet_interfaces = loopback-only
        inet_protocols = ipv4
        alias_maps =
        alias_database =
        smtpd_banner = $myhostname ESMTP Postfix (SMGW test instance)
        smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination
        smtpd_tls_security_level = {(StartTls ? "may" : "none")}
        smtpd_tls_cert_file = {CertificatePath}
        smtpd_tls_key_file = {keyPath}
        smtpd_tls_loglevel = 1
        smtpd_tls_session_cache_database =
        """ + "\n";

    /// <summary>smtpd on 127.0.0.1:port and the services it and the queue need; nothing chrooted.</summary>
    private string MasterCf() => $"""
        127.0.0.1:{Port} inet n - n - - smtpd
        pickup    unix  n       -       n       60      1       pickup
        cleanup   unix  n       -       n       -       0       cleanup
        qmgr      unix  n       -       n       300     1       qmgr
        tlsmgr    unix  -       -       n       1000?   1       tlsmgr
        rewrite   unix  -       -       n       -       -       trivial-rewrite
        bounce    unix  -       -       n       -       0       bounce
        defer     unix  -       -       n       -       0       bounce
        trace     unix  -       -       n       -       0       bounce
        proxymap  unix  -       -       n       -       -       proxymap
        showq     unix  n       -       n       -       -       showq
        error     unix  -       -       n       -       -       error
        retry     unix  -       -       n       -       -       error
        discard   unix  -       -       n       -       -       discard
        anvil     unix  -       -       n       -       1       anvil
        scache    unix  -       -       n       -       1       scache
        postlog   unix-dgram n  -       n       -       1       postlogd
        """ + "\n";

    private static async Task RunAsync(string file, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await output}{await error}");
        }
    }
}
