using System.Net;
using Microsoft.Extensions.Logging;
using Smgw.Interfaces.Models;

namespace Smgw.Interfaces.Directory;

/// <summary>
/// An in-process copy of the tenant list for lookups on the per-message path (which domain
/// belongs to which tenant, which relay address is whose). Refreshed from
/// <see cref="ITenantRegistryGrain"/> periodically and, at most once a second, on a miss.
/// </summary>
/// <remarks>
/// A miss is the common case on the Internet listener (every sender domain outside the tenants is
/// one), so a refresh that fails or is slow must not turn into a refusal: once a copy is held, a
/// miss waits at most <see cref="MissRefreshWait"/> for the refresh and then answers from the copy
/// it holds (the failure is logged as a warning, once per attempt). Only a frontend that has never
/// loaded the directory answers "temporarily unavailable" (<see cref="TenantDirectoryUnavailableException"/>).
/// </remarks>
public sealed class TenantDirectory(IGrainFactory grains, TimeProvider time, ILogger<TenantDirectory> logger)
{
    private static readonly TimeSpan MissRefreshInterval = TimeSpan.FromSeconds(1);

    /// <summary>How long a lookup that missed waits for the refresh it started before it answers from the held copy.</summary>
    public static readonly TimeSpan MissRefreshWait = TimeSpan.FromSeconds(2);

    private readonly SemaphoreSlim _refreshLock = new(1, 1);
    private readonly Lock _missLock = new();
    private volatile Index _index = Index.Empty;
    private DateTimeOffset _lastRefresh = DateTimeOffset.MinValue;
    private DateTimeOffset _lastMissAttempt = DateTimeOffset.MinValue;
    private Task? _missRefresh;

    public long Version => _index.Version;

    public bool IsLoaded => _index.Loaded;

    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        await _refreshLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var snapshot = await grains.GetGrain<ITenantRegistryGrain>(ITenantRegistryGrain.DefaultKey).GetSnapshotAsync().ConfigureAwait(false);
            if (!_index.Loaded || snapshot.Version != _index.Version)
            {
                _index = Index.Build(snapshot);
            }
            _lastRefresh = time.GetUtcNow();
        }
        finally
        {
            _refreshLock.Release();
        }
    }

    /// <summary>The tenant owning <paramref name="domain"/> (exact match, case-insensitive, no trailing dot).</summary>
    public async ValueTask<TenantConfig?> FindByDomainAsync(string domain, CancellationToken cancellationToken = default)
    {
        var key = domain.ToLowerInvariant();
        if (_index.ByDomain.TryGetValue(key, out var tenant))
        {
            return tenant;
        }
        return await RefreshOnMissAsync(cancellationToken).ConfigureAwait(false)
            ? _index.ByDomain.GetValueOrDefault(key)
            : null;
    }

    /// <summary>
    /// The tenant owning <paramref name="domain"/> or a parent domain of it (sub.lds.example belongs
    /// to lds.example's tenant): nobody outside may send as any name under a tenant's domains.
    /// </summary>
    public async ValueTask<TenantConfig?> FindByDomainOrParentAsync(string domain, CancellationToken cancellationToken = default)
    {
        if (await FindByDomainAsync(domain, cancellationToken).ConfigureAwait(false) is { } exact)
        {
            return exact;
        }
        var key = domain.ToLowerInvariant();
        for (var dot = key.IndexOf('.'); dot >= 0; dot = key.IndexOf('.'))
        {
            key = key[(dot + 1)..];
            if (_index.ByDomain.TryGetValue(key, out var parent))
            {
                return parent;
            }
        }
        return null;
    }

    /// <summary>The tenant whose registered relay addresses include <paramref name="address"/>.</summary>
    public async ValueTask<TenantConfig?> FindByRelayAsync(IPAddress address, CancellationToken cancellationToken = default)
    {
        var found = _index.FindRelay(address);
        if (found is not null)
        {
            return found;
        }
        return await RefreshOnMissAsync(cancellationToken).ConfigureAwait(false) ? _index.FindRelay(address) : null;
    }

    private async ValueTask<bool> RefreshOnMissAsync(CancellationToken cancellationToken)
    {
        Task refresh;
        lock (_missLock)
        {
            var now = time.GetUtcNow();
            if (_missRefresh is null && (now - _lastRefresh < MissRefreshInterval || now - _lastMissAttempt < MissRefreshInterval))
            {
                return false;
            }
            if (_missRefresh is null)
            {
                _lastMissAttempt = now;
                // On the pool: its completion clears _missRefresh under this lock, after this assignment.
                _missRefresh = Task.Run(RefreshForMissAsync, CancellationToken.None);
            }
            refresh = _missRefresh;
        }

        if (!_index.Loaded)
        {
            // Nothing to answer from: the caller gets the failure (451 4.3.0 on SMTP).
            try
            {
                await refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                throw new TenantDirectoryUnavailableException(ex);
            }
            return _index.Loaded;
        }
        try
        {
            await refresh.WaitAsync(MissRefreshWait, time, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Timed out or failed: logged by RefreshForMissAsync; the held copy answers.
            return false;
        }
    }

    private async Task RefreshForMissAsync()
    {
        try
        {
            await RefreshAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            if (_index.Loaded)
            {
                logger.LogWarning(ex, "Refreshing the tenant directory after a miss failed; answering from the copy held (version {Version})", _index.Version);
                return;
            }
            throw;
        }
        finally
        {
            lock (_missLock)
            {
                _missRefresh = null;
            }
        }
    }

    private sealed record Index(bool Loaded, long Version, Dictionary<string, TenantConfig> ByDomain, List<(IPNetwork Network, TenantConfig Tenant)> Relays)
    {
        public static readonly Index Empty = new(false, -1, new(StringComparer.Ordinal), []);

        public static Index Build(TenantDirectorySnapshot snapshot)
        {
            var byDomain = new Dictionary<string, TenantConfig>(StringComparer.Ordinal);
            var relays = new List<(IPNetwork, TenantConfig)>();
            foreach (var tenant in snapshot.Tenants)
            {
                foreach (var domain in tenant.Domains)
                {
                    byDomain[domain.ToLowerInvariant()] = tenant;
                }
                foreach (var relay in tenant.RelayAddresses)
                {
                    if (TryParseNetwork(relay, out var network))
                    {
                        relays.Add((network, tenant));
                    }
                }
            }
            return new Index(true, snapshot.Version, byDomain, relays);
        }

        public TenantConfig? FindRelay(IPAddress address)
        {
            if (address.IsIPv4MappedToIPv6)
            {
                address = address.MapToIPv4();
            }
            foreach (var (network, tenant) in Relays)
            {
                if (network.Contains(address))
                {
                    return tenant;
                }
            }
            return null;
        }

        private static bool TryParseNetwork(string text, out IPNetwork network)
        {
            if (text.Contains('/'))
            {
                return IPNetwork.TryParse(text, out network);
            }
            if (IPAddress.TryParse(text, out var ip))
            {
                network = new IPNetwork(ip, ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? 128 : 32);
                return true;
            }
            network = default;
            return false;
        }
    }
}

/// <summary>The tenant directory has never been loaded and could not be loaded now.</summary>
public sealed class TenantDirectoryUnavailableException(Exception inner)
    : Exception("The tenant directory could not be loaded: " + inner.Message, inner);
