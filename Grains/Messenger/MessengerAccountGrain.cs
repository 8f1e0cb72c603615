using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Smgw.Interfaces;
using Smgw.Interfaces.Messenger;
using Smgw.Interfaces.Models;
using Smgw.Storage;

namespace Smgw.Grains.Messenger;

/// <summary>
/// A Messenger user (key: the lower-case address): password, one-time code, lock-out and the
/// user's messages. An address without an account answers exactly like a wrong password (same
/// result, same Argon2id work), so the login form does not tell which addresses exist. Hashing
/// runs on the thread pool, not on the grain scheduler.
/// </summary>
public sealed class MessengerAccountGrain(
    [PersistentState(StorageNames.MessengerAccountState, StorageNames.Grains)] IPersistentState<MessengerAccountState> state,
    MessengerSubmitter submitter,
    TimeProvider time,
    ILogger<MessengerAccountGrain> logger) : Grain, IMessengerAccountGrain
{
    public const int MinimumPasswordLength = 10;
    private static readonly TimeSpan CodeResendInterval = TimeSpan.FromSeconds(30);

    private string Address => this.GetPrimaryKeyString();

    public async Task AddMessageAsync(string messageId, string tenantId)
    {
        if (state.State.Messages.TryAdd(messageId, tenantId))
        {
            await state.WriteStateAsync();
        }
    }

    public async Task RemoveMessageAsync(string messageId)
    {
        if (state.State.Messages.Remove(messageId))
        {
            await state.WriteStateAsync();
        }
    }

    public async Task<bool> ForgetTenantAsync(string tenantId)
    {
        foreach (var id in state.State.Messages.Where(m => m.Value == tenantId).Select(m => m.Key).ToList())
        {
            state.State.Messages.Remove(id);
        }
        if (state.State.Messages.Count > 0)
        {
            await state.WriteStateAsync();
            return false;
        }
        if (state.RecordExists)
        {
            await state.ClearStateAsync();
        }
        state.State = new MessengerAccountState();
        logger.LogInformation("Messenger: the account of {Address} was deleted with the offboarding of tenant {TenantId}", Address, tenantId);
        return true;
    }

    public Task<bool> HasPasswordAsync() => Task.FromResult(state.State.PasswordHash is not null);

    public Task<IReadOnlyList<string>> MessagesAsync() => Task.FromResult<IReadOnlyList<string>>(state.State.Messages.Keys.ToList());

    public async Task SendCodeAsync(string messageId)
    {
        if (!state.State.Messages.TryGetValue(messageId, out var tenantId))
        {
            return; // not this address's message: nothing to say
        }
        var now = time.GetUtcNow();
        if (state.State.CodeSentUtc is { } sent && now - sent < CodeResendInterval && state.State.CodeExpiresUtc > now)
        {
            return; // a code is on its way: no mail bombing by reloading
        }
        var summary = await GrainFactory.GetGrain<IMessengerMessageGrain>(messageId).SummaryAsync(Address);
        if (summary is null)
        {
            return;
        }
        var settings = await GrainFactory.GetGrain<ITenantMessengerGrain>(tenantId).GetAsync();
        var code = RandomNumberGenerator.GetInt32(0, 100_000_000).ToString("D8", System.Globalization.CultureInfo.InvariantCulture);
        state.State.CodeHash = HashCode(code);
        state.State.CodeExpiresUtc = now + submitter.Options.CodeLifetime;
        state.State.CodeSentUtc = now;
        await state.WriteStateAsync();

        var forSender = settings.Verification == MessengerVerification.CodeFromSender;
        var from = submitter.FromFor(summary.Sender);
        var to = forSender ? summary.Sender : Address;
        var mail = MessengerMail.Code(from, to, Address, code, forSender);
        await submitter.SubmitAsync(MessageIntake.NewQueueId(), forSender ? MailDirection.Inbound : MailDirection.Outbound, tenantId,
            from, to, mail, MessageOrigins.Messenger);
        logger.LogInformation("Messenger: one-time code for {Address} mailed to {To}", Address, forSender ? "the sender " + summary.Sender : "the address");
    }

    public async Task<MessengerLoginResult> RegisterAsync(string code, string password)
    {
        CheckPassword(password);
        if (Locked())
        {
            MessengerMetrics.LoginsFailed.WithLabels("locked").Inc();
            return MessengerLoginResult.LockedOut;
        }
        var valid = state.State.CodeHash is { } expected && state.State.CodeExpiresUtc > time.GetUtcNow()
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(HashCode(code.Trim())), Encoding.ASCII.GetBytes(expected));
        if (!valid)
        {
            return await FailAsync("code");
        }
        var hash = await Task.Run(() => PasswordHasher.Hash(password));
        state.State.PasswordHash = hash;
        state.State.CodeHash = null;
        state.State.CodeExpiresUtc = null;
        state.State.FailedAttempts = 0;
        await state.WriteStateAsync();
        logger.LogInformation("Messenger: {Address} proved the address and set a password", Address);
        return MessengerLoginResult.Ok;
    }

    public async Task<MessengerLoginResult> LoginAsync(string password)
    {
        if (Locked())
        {
            MessengerMetrics.LoginsFailed.WithLabels("locked").Inc();
            return MessengerLoginResult.LockedOut;
        }
        var stored = state.State.PasswordHash;
        var ok = await Task.Run(() => PasswordHasher.Verify(password ?? "", stored));
        if (!ok)
        {
            return await FailAsync("password");
        }
        if (state.State.FailedAttempts > 0)
        {
            state.State.FailedAttempts = 0;
            await state.WriteStateAsync();
        }
        return MessengerLoginResult.Ok;
    }

    public async Task DepositPasswordAsync(string tenantId, string password, string actor)
    {
        CheckPassword(password);
        var settings = await GrainFactory.GetGrain<ITenantMessengerGrain>(tenantId).GetAsync();
        if (!settings.AllowPasswordDeposit)
        {
            throw new UnauthorizedAccessException($"tenant {tenantId} has not allowed administrators to deposit Messenger passwords (CL-13: allowPasswordDeposit is false)");
        }
        if (!state.State.Messages.ContainsValue(tenantId))
        {
            throw new InvalidOperationException($"{Address} has no message of tenant {tenantId} in the Messenger");
        }
        state.State.PasswordHash = await Task.Run(() => PasswordHasher.Hash(password));
        state.State.FailedAttempts = 0;
        state.State.LockedUntilUtc = null;
        state.State.Audit.Add($"{time.GetUtcNow():u} password deposited by {actor} for tenant {tenantId}");
        await state.WriteStateAsync();
        logger.LogWarning("AUDIT Messenger: password of {Address} deposited by {Actor} (tenant {TenantId}, CL-13)", Address, actor, tenantId);
    }

    private bool Locked() => state.State.LockedUntilUtc is { } until && until > time.GetUtcNow();

    private async Task<MessengerLoginResult> FailAsync(string reason)
    {
        MessengerMetrics.LoginsFailed.WithLabels(reason).Inc();
        state.State.FailedAttempts++;
        var locked = state.State.FailedAttempts >= submitter.Options.LockoutThreshold;
        if (locked)
        {
            state.State.LockedUntilUtc = time.GetUtcNow() + submitter.Options.LockoutDuration;
            state.State.FailedAttempts = 0;
            logger.LogWarning("Messenger: {Address} locked for {Duration} after {Count} failed attempts", Address, submitter.Options.LockoutDuration, submitter.Options.LockoutThreshold);
        }
        if (state.RecordExists || state.State.Messages.Count > 0)
        {
            await state.WriteStateAsync();
        }
        return locked ? MessengerLoginResult.LockedOut : MessengerLoginResult.Failed;
    }

    private static void CheckPassword(string password)
    {
        if (password is null || password.Length < MinimumPasswordLength || password.Length > 256)
        {
            throw new ArgumentException($"a Messenger password needs {MinimumPasswordLength} to 256 characters");
        }
    }

    private static string HashCode(string code) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(code)));
}
