using Smgw.Interfaces.Policy;

namespace Smgw.Grains.Policy.Decisions;

/// <summary>
/// What keys the gateway knows of, and whether each is usable now. The engine asks only this; it
/// never validates certificates itself. Owners are lower-case addresses or domains; an
/// implementation compares them case-insensitively and answers <see cref="KeyStatus.Missing"/>
/// for what it does not know. Answers must not depend on the message (the engine relies on that
/// to decide each recipient on its own).
/// </summary>
public interface IKeyDirectory
{
    KeyStatus Find(KeyPurpose purpose, string owner);
}
