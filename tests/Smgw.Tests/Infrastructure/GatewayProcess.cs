using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;

namespace Smgw.Tests.Infrastructure;

/// <summary>
/// The real all-in-one gateway (<c>Silo</c>) as a child process on free loopback ports, with its
/// own data directory; can be killed (-9) and started again on the same data.
/// </summary>
public sealed class GatewayProcess : IAsyncDisposable
{
    private readonly Dictionary<string, string> _settings;
    private readonly StringBuilder _output = new();
    private Process? _process;

    private readonly string _dll;

    public GatewayProcess(IDictionary<string, string>? settings = null, string? dataDirectory = null, string? dll = null)
    {
        _dll = dll ?? SiloDll;
        DataDirectory = dataDirectory ?? TestEnvironment.TempDirectory("gw");
        InboundPort = TestEnvironment.FreePort();
        SubmissionPort = TestEnvironment.FreePort();
        HttpPort = TestEnvironment.FreePort();
        var messengerPort = TestEnvironment.FreePort();
        MessengerUrl = $"http://127.0.0.1:{messengerPort}";
        _settings = new Dictionary<string, string>
        {
            // The all-in-one hosts the Messenger by default: on a port of its own, so gateways can run side by side.
            // Given as a URL and without PublicUrl: the links in notices follow the listener.
            ["Smgw__Messenger__Listen"] = $"http://127.0.0.1:{messengerPort}",
            ["Smgw__DataDirectory"] = DataDirectory,
            ["Smgw__Smtp__Hostname"] = "gw.test",
            ["Smgw__Delivery__Hostname"] = "gw.test",
            ["Smgw__Smtp__Inbound__Listen"] = $"127.0.0.1:{InboundPort}",
            ["Smgw__Smtp__Submission__Listen"] = $"127.0.0.1:{SubmissionPort}",
            ["Smgw__Http__Listen"] = $"http://127.0.0.1:{HttpPort}",
            ["Smgw__Cluster__SiloPort"] = TestEnvironment.FreePort().ToString(),
            ["Smgw__Cluster__GatewayPort"] = TestEnvironment.FreePort().ToString(),
            ["Smgw__Frontend__MetricsListen"] = $"127.0.0.1:{TestEnvironment.FreePort()}",
            ["Smgw__Queue__ScanInterval"] = "00:00:01",
            ["Smgw__Delivery__RetryDelays__0"] = "00:00:01",
            ["Logging__LogLevel__Default"] = "Information",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            _settings[key] = value;
        }
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{HttpPort}") };
    }

    public string DataDirectory { get; }
    public int InboundPort { get; }
    public int SubmissionPort { get; }
    public int HttpPort { get; }

    /// <summary>The base URL of the Messenger this gateway hosts (its listener; links in notices point here).</summary>
    public string MessengerUrl { get; }
    public HttpClient Http { get; }
    public int? ExitCode => _process is { HasExited: true } p ? p.ExitCode : null;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static string SiloDll => Path.Combine(TestEnvironment.RepositoryRoot, "Silo", "bin", TestEnvironment.Configuration, "net10.0", "Smgw.Silo.dll");

    public static string FrontendDll => Path.Combine(TestEnvironment.RepositoryRoot, "SmtpFrontend", "bin", TestEnvironment.Configuration, "net10.0", "Smgw.SmtpFrontend.dll");

    public IReadOnlyDictionary<string, string> Settings => _settings;

    /// <summary>Sets a setting before the process is started (for values that need this gateway's own ports).</summary>
    public void Configure(string key, string value) => _settings[key] = value;

    /// <summary>Starts the process without waiting for it to be ready.</summary>
    public void Launch(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // A data directory the gateway is to create itself: start beside it.
            WorkingDirectory = Directory.Exists(DataDirectory) ? DataDirectory : Path.GetDirectoryName(DataDirectory),
        };
        start.ArgumentList.Add(_dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in _settings)
        {
            start.Environment[key] = value;
        }
        start.Environment.Remove("ASPNETCORE_URLS");
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
    }

    /// <summary>Starts the process and waits until <c>/health/ready</c> answers 200.</summary>
    public async Task StartAsync()
    {
        Launch();
        await Eventually.WaitAsync(async () =>
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"the gateway exited with {_process.ExitCode}:\n{Output}");
            }
            using var response = await Http.GetAsync("/health/ready");
            return response.IsSuccessStatusCode;
        }, TimeSpan.FromSeconds(90), "the gateway to become ready");
    }

    /// <summary>Starts a standalone SMTP frontend and waits until its Internet-facing listener greets.</summary>
    public async Task StartFrontendAsync()
    {
        Launch();
        await Eventually.WaitAsync(async () =>
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"the frontend exited with {_process.ExitCode}:\n{Output}");
            }
            await using var smtp = await RawSmtpClient.ConnectAsync(InboundPort);
            return smtp.Greeting.StartsWith("220", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(90), "the frontend to greet");
    }

    /// <summary>Waits for the process to exit by itself (e.g. a refused setting) and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process!.WaitForExitAsync(cancel.Token);
        return _process.ExitCode;
    }

    /// <summary>SIGTERM: the orderly stop a service manager asks for.</summary>
    public void Terminate()
    {
        if (_process is { HasExited: false } process)
        {
            using var kill = Process.Start("kill", ["-TERM", process.Id.ToString()]);
            kill.WaitForExit();
        }
    }

    /// <summary>kill -9: no shutdown, no flush.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    /// <summary>An HTTP client for this gateway that sends <c>Authorization: Bearer token</c>.</summary>
    public HttpClient Client(string token)
    {
        var client = new HttpClient { BaseAddress = Http.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async Task PutTenantAsync(string id, object tenant)
    {
        using var response = await Http.PutAsJsonAsync($"/api/tenants/{id}", tenant);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"PUT tenant {id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>The queue id in a "250 2.0.0 Ok: queued as ID" reply.</summary>
    public static string QueueIdOf(string reply) =>
        reply[(reply.LastIndexOf(' ') + 1)..].Trim();

    /// <summary>Waits until the queue reports the message finished (delivered, bounced or deleted): the next hop has it whole.</summary>
    public async Task<System.Text.Json.JsonElement> WaitCompletedAsync(string queueId, TimeSpan? timeout = null) =>
        await Eventually.WaitAsync(async () =>
        {
            using var response = await Http.GetAsync($"/api/queue/{queueId}");
            if (!response.IsSuccessStatusCode)
            {
                return (System.Text.Json.JsonElement?)null;
            }
            var status = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
            return status.GetProperty("completed").GetBoolean() ? status : null;
        }, timeout ?? TimeSpan.FromSeconds(60), $"message {queueId} to complete");

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
        Http.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
