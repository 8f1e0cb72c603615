namespace Smgw.Grains.Policy;

/// <summary>A correspondent's certificate or OpenPGP key learnt from a verified inbound signature; stored after the CPU work.</summary>
internal sealed record HarvestedKey(string Address, string Material, bool OpenPgp);
