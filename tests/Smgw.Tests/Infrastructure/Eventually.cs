namespace Smgw.Tests.Infrastructure;

/// <summary>Polls a condition until it holds or a deadline passes; never a fixed sleep.</summary>
public static class Eventually
{
    public static async Task<T> WaitAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, string what)
        where T : class =>
        (await WaitCoreAsync<object>(async () => await probe(), timeout, what) as T)!;

    public static async Task<T> WaitAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, string what)
        where T : struct =>
        (T)(await WaitCoreAsync<object>(async () => await probe(), timeout, what));

    private static async Task<T> WaitCoreAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, string what)
        where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        var delay = TimeSpan.FromMilliseconds(20);
        Exception? last = null;
        while (true)
        {
            try
            {
                var value = await probe();
                if (value is not null && !(value is bool b && !b))
                {
                    return value;
                }
            }
            catch (Exception ex)
            {
                last = ex;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0}s waiting for {what}." + (last is null ? "" : $" Last error: {last.Message}"), last);
            }
            await Task.Delay(delay);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 500));
        }
    }

    public static Task WaitAsync(Func<bool> condition, TimeSpan timeout, string what) =>
        WaitAsync(() => Task.FromResult<bool?>(condition() ? true : null), timeout, what);

    public static Task WaitAsync(Func<Task<bool>> condition, TimeSpan timeout, string what) =>
        WaitAsync(async () => await condition() ? (bool?)true : null, timeout, what);
}
