namespace Tiketi.Core.WaitingRoom;

/// <summary>
/// A granted admission lease: the right to run <paramref name="EventId"/>'s admission loop until it expires or is
/// taken over. <see cref="Value"/> embeds the fencing token, so a former holder can never act on a newer grant.
/// </summary>
/// <param name="EventId">The event.</param>
/// <param name="Owner">The holder (one id per process).</param>
/// <param name="Token">The fencing token: strictly greater than every earlier grant's for this event.</param>
public sealed record AdmissionLease(Guid EventId, string Owner, long Token)
{
    /// <summary>The value stored in Redis: <c>owner:token</c>.</summary>
    public string Value => Owner + ":" + Token.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
