namespace Tiketi.Core.Admin;

/// <summary>The administrator making a change (recorded in the audit log).</summary>
/// <param name="Id">User id.</param>
/// <param name="Email">E-mail at the time of the change (kept if the account is later deleted).</param>
public sealed record AdminActor(Guid Id, string Email);
