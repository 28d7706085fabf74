using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;

namespace MotCua.Data;

/// <summary>EF Core's warnings that mean the model is wrong, turned into errors where the model is built for development and tests.</summary>
public static class ModelWarnings
{
    /// <summary>
    /// Each of these is logged once, when the model is first built, and then the mistake costs data quietly: an in-place
    /// edit not saved (a collection without a comparer), a column EF invents (a shadow foreign key), a property or
    /// relationship that is configured but ignored. A test run builds the model at its first request, so one of them
    /// fails every test instead of a line in a log nobody reads.
    /// </summary>
    private static readonly EventId[] ModelMistakes =
    [
        CoreEventId.CollectionWithoutComparer,
        CoreEventId.AccidentalEntityType,
        CoreEventId.AccidentalComplexPropertyCollection,
        CoreEventId.ShadowForeignKeyPropertyCreated,
        CoreEventId.ConflictingShadowForeignKeysWarning,
        CoreEventId.RedundantForeignKeyWarning,
        CoreEventId.MultiplePrimaryKeyCandidates,
        CoreEventId.MultipleNavigationProperties,
        CoreEventId.AmbiguousEndRequiredWarning,
        CoreEventId.MappedEntityTypeIgnoredWarning,
        CoreEventId.MappedPropertyIgnoredWarning,
        CoreEventId.MappedNavigationIgnoredWarning,
        CoreEventId.MappedComplexPropertyIgnoredWarning,
        CoreEventId.RequiredAttributeOnCollection,
        RelationalEventId.BoolWithDefaultWarning,
        RelationalEventId.ModelValidationKeyDefaultValueWarning,
        RelationalEventId.OptionalDependentWithoutIdentifyingPropertyWarning,
    ];

    /// <summary>Makes every one of <see cref="ModelMistakes"/> throw when the model is built.</summary>
    public static DbContextOptionsBuilder ThrowOnModelMistakes(this DbContextOptionsBuilder options) =>
        options.ConfigureWarnings(w => w.Throw(ModelMistakes));
}
