namespace Smgw.Interfaces.Policy;

/// <summary>The kind of one step of a decision trace.</summary>
[GenerateSerializer, Alias("smgw.policy.TraceStepKind")]
public enum TraceStepKind
{
    /// <summary>Whether the address is routed through the gateway's policy at all (CL-9).</summary>
    Routing = 0,

    /// <summary>Alias or forward expansion.</summary>
    Alias = 1,

    /// <summary>A policy level set a field.</summary>
    Rule = 2,

    /// <summary>A key lookup and its result.</summary>
    Key = 3,

    /// <summary>What was chosen and why.</summary>
    Choice = 4,

    /// <summary>The resulting action.</summary>
    Action = 5,

    /// <summary>A configuration problem.</summary>
    Error = 6,
}
