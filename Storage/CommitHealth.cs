namespace Smgw.Storage;

/// <summary>
/// Whether this process can commit a message, as the last commit found it: after a commit failed
/// (disk full, database read-only or gone), the process is not ready until a later commit — or
/// the readiness write probe with as many bytes as the failed message — succeeds.
/// </summary>
public sealed class CommitHealth(TimeProvider time)
{
    private volatile Failure? _failure;

    /// <summary>The commit failure not yet followed by a success, if any.</summary>
    public Failure? Current => _failure;

    public void Succeeded() => _failure = null;

    public void Failed(int size, Exception exception) =>
        _failure = new Failure(time.GetUtcNow(), size, exception.GetBaseException().Message);

    /// <summary>A commit of <paramref name="Size"/> bytes that failed at <paramref name="At"/>.</summary>
    public sealed record Failure(DateTimeOffset At, int Size, string Reason);
}
