package dev.consentkit.core;

import java.util.ArrayList;
import java.util.List;

/**
 * What is allowed on one page for one visitor: the outcome of a visitor's state, the page type,
 * the regime and the Global Privacy Control signal, computed once per request by
 * {@link Policy#permissions}. Immutable; checks allocate nothing.
 */
public final class Permissions {

    private final Policy policy;
    private final long allowedMask; // bit i set: category with index i is allowed
    private final boolean undeclaredAllowed;

    Permissions(Policy policy, long allowedMask, boolean undeclaredAllowed) {
        this.policy = policy;
        this.allowedMask = allowedMask;
        this.undeclaredAllowed = undeclaredAllowed;
    }

    /**
     * Whether names of {@code category} may be written.
     *
     * @param category a category of the same policy
     * @return true when its names may be written
     */
    public boolean allows(Category category) {
        return (allowedMask & (1L << category.index())) != 0;
    }

    /**
     * Whether names of the category {@code categoryId} may be written; false for unknown ids.
     *
     * @param categoryId a category identifier
     * @return true when the policy has that category and it is allowed
     */
    public boolean allows(String categoryId) {
        Category category = policy.category(categoryId);
        return category != null && allows(category);
    }

    /** {@return whether names that no declaration covers may be written} */
    public boolean allowsUndeclared() {
        return undeclaredAllowed;
    }

    /** {@return the identifiers of the allowed categories, in policy order} */
    public List<String> allowedCategoryIds() {
        List<String> ids = new ArrayList<>();
        for (Category c : policy.categories()) {
            if (allows(c)) {
                ids.add(c.id());
            }
        }
        return ids;
    }

    /** {@return whether every category of the policy is allowed} */
    public boolean allowsEverything() {
        return Long.bitCount(allowedMask) == policy.categories().size() && undeclaredAllowed;
    }

    @Override
    public String toString() {
        return "Permissions" + allowedCategoryIds() + (undeclaredAllowed ? "+undeclared" : "");
    }
}
