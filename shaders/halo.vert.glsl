#version 330 core
// Atmosphere: an annulus hugging the globe's silhouette, built from gl_VertexID as a triangle
// strip (even vertices on the limb, odd ones further out).
uniform mat4 u_vp;
uniform vec3 u_eye;
uniform int u_steps;
uniform float u_spread; // where halo.frag.glsl's profile ends (v_t 1), limb radii
uniform float u_t_out;  // drawn up to this v_t: past it the profile adds nothing

out float v_t; // 0 at the limb .. u_t_out at the outer edge

void main()
{
    float d = length(u_eye);
    vec3 e = u_eye / d;
    vec3 a = normalize(cross(abs(e.y) < 0.9 ? vec3(0, 1, 0) : vec3(1, 0, 0), e));
    vec3 b = cross(e, a);
    float ang = 6.2831853 * float(gl_VertexID >> 1) / float(u_steps);
    bool outer = (gl_VertexID & 1) == 1;
    float r = sqrt(max(1.0 - 1.0 / (d * d), 0.0)) * (outer ? mix(0.995, u_spread, u_t_out) : 0.995);
    vec3 p = e / d + r * (cos(ang) * a + sin(ang) * b);
    v_t = outer ? u_t_out : 0.0;
    gl_Position = u_vp * vec4(p, 1.0);
}
