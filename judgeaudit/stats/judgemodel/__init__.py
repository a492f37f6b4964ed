"""The joint judge model: every judge of a battery in one Davidson–Bradley–Terry model with latent answer quality."""
