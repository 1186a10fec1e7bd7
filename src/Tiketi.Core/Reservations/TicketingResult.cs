using System.Diagnostics.CodeAnalysis;

namespace Tiketi.Core.Reservations;

/// <summary>Either the value of a successful ticketing command or why it was refused.</summary>
/// <typeparam name="T">The success value.</typeparam>
public readonly struct TicketingResult<T>
{
    /// <summary>A success carrying <paramref name="value"/>.</summary>
    public TicketingResult(T value)
    {
        Value = value;
    }

    /// <summary>A refusal.</summary>
    public TicketingResult(TicketingFailure failure)
    {
        Failure = failure;
    }

    /// <summary>The value when <see cref="Succeeded"/>.</summary>
    public T? Value { get; }

    /// <summary>The refusal when not <see cref="Succeeded"/>.</summary>
    public TicketingFailure? Failure { get; }

    /// <summary>Whether the command succeeded.</summary>
    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Failure))]
    public bool Succeeded => Failure is null;

    /// <summary>Lets a <see cref="TicketingFailure"/> be returned where a result is expected.</summary>
    public static implicit operator TicketingResult<T>(TicketingFailure failure) => new(failure);
}
