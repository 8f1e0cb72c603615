using Smgw.Grains.Policy;

namespace Smgw.Tests.Cluster;

/// <summary>
/// The real policy stage, with a fault a test can switch on for its own messages only: a message
/// whose header names <see cref="Header"/> with a token in <see cref="Failing"/> makes the stage throw
/// (an error of the gateway's own, the kind no input validation catches). Every other message goes
/// through the production stage. Registered by <see cref="SmgwSiloConfigurator"/>; in-process silos
/// share this set with the test.
/// </summary>
public sealed class FaultInjectingPolicyStage(SmimePolicyStage stage) : IPolicyStage
{
    public const string Header = "X-Test-Fault";

    public static readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> Failing = new();

    public Task<PolicyStageOutcome> ApplyAsync(PolicyRequest request, CancellationToken cancellationToken)
    {
        var headers = MimeKit.HeaderList.Load(MessageProtection.Open(request.Body));
        if (headers[Header] is { } token && Failing.ContainsKey(token.Trim()))
        {
            Failing.AddOrUpdate(token.Trim(), 1, (_, n) => n + 1);
            throw new InvalidOperationException($"injected fault {token.Trim()}");
        }
        return stage.ApplyAsync(request, cancellationToken);
    }
}
